import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { BUNDLED_REPORT } from '../../../src/config.js';
import { SCHEMA_VERSION } from '../../../src/ledger/LedgerDoc.js';
import {
  ANSWER_MEMORY_MS,
  type OutboxRecord,
  type PushKind,
  SENT_MEMORY_MS,
  type Target,
} from '../../../src/outbox/OutboxRecord.js';
import { OUTBOX_FILE, SENT_FILE } from '../../../src/storage/files/fileNames.js';
import { openTestLedger, type TestLedger } from '../../helpers/openTestLedger.js';
import { START_MS } from '../../helpers/testBot.js';

const URL = 'https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=SECRETCODE';
let dir: string;
let store: TestLedger;
const open = () => openTestLedger(dir, { clock: () => START_MS, seedReport: BUNDLED_REPORT });
const onDisk = async (name: string) => readFile(path.join(dir, name), 'utf8').catch(() => '');

function record(kind: PushKind, period: string, target: Target = { kind: 'user', userId: 'li' }): OutboxRecord {
  return {
    id: `${kind}:${period}`,
    kind,
    period,
    target,
    message: { msgtype: 'text', parts: [`正文${period}`] },
    state: 'pending',
    attempts: 0,
    createdAt: START_MS,
  };
}
const SENT = { state: 'sent', partsSent: 1, sentAt: START_MS, attempts: 1 } as const;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-outbox-'));
  store = await open();
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('delivered records leave outbox.json', () => {
  test('sent records leave outbox.json; their ids are remembered without their text across a restart', async () => {
    const outbox = store.storage.outbox;
    await outbox.insertIfAbsent([record('reply', 'msg:1'), record('notice', 'assign:1'), record('notice', 'later')]);
    await outbox.update('reply:msg:1', SENT);
    await outbox.update('notice:assign:1', SENT);
    const live = JSON.parse(await onDisk(OUTBOX_FILE)).outbox.map((r: OutboxRecord) => r.id);
    assert.deepEqual(live, ['notice:later']);
    assert.doesNotMatch(await onDisk(SENT_FILE), /正文/);

    await store.close();
    store = await open();
    assert.deepEqual(await store.storage.outbox.insertIfAbsent([record('notice', 'assign:1')]), [], 'still once only');
    assert.equal((await store.storage.outbox.get('notice:assign:1'))?.state, 'sent');
  });

  test('a response URL is never kept once it was used or refused', async () => {
    const outbox = store.storage.outbox;
    await outbox.insertIfAbsent([record('aibot', 'a', { kind: 'response', url: URL })]);
    await outbox.insertIfAbsent([record('aibot', 'b', { kind: 'response', url: `${URL}2` })]);
    await outbox.update('aibot:a', SENT);
    await outbox.update('aibot:b', { state: 'failed', attempts: 1, lastError: 'x' });
    assert.doesNotMatch((await onDisk(OUTBOX_FILE)) + (await onDisk(SENT_FILE)), /SECRETCODE/);
    assert.doesNotMatch(JSON.stringify(await outbox.all()), /SECRETCODE/);
  });
});

test('a record is offered to the sender only once it is on disk', async () => {
  const outbox = store.storage.outbox;
  const inserting = outbox.insertIfAbsent([record('notice', 'durable')]);
  await new Promise(setImmediate); // the insert is in memory, its write (with fsync) under way
  const due = await outbox.due(START_MS);
  const onDiskNow = JSON.parse(await onDisk(OUTBOX_FILE)).outbox.map((r: OutboxRecord) => r.id);
  assert.deepEqual(
    due.map((r) => r.id),
    ['notice:durable'],
  );
  assert.deepEqual(onDiskNow, ['notice:durable'], 'offered before it was written');
  await inserting;
});

test('a failed outbox write is counted for /metrics', async () => {
  const before = store.storage.writeFailures;
  // A directory where outbox.json should be: the rename onto it fails, even for root.
  await rm(path.join(dir, OUTBOX_FILE));
  await mkdir(path.join(dir, OUTBOX_FILE, 'blocker'), { recursive: true });
  await assert.rejects(store.storage.outbox.insertIfAbsent([record('notice', 'lost')]));
  assert.equal(store.storage.writeFailures, before + 1);
});

describe('prune', () => {
  test('an outbox.json from before pruning shrinks to its live records; old periodic memory expires', async () => {
    await store.close();
    const sent = (kind: PushKind, n: number, sentAt: number) =>
      Array.from({ length: n }, (_, i) => ({ ...record(kind, `${sentAt}-${i}`), ...SENT, sentAt }));
    const legacy = [
      ...sent('reply', 500, START_MS),
      ...sent('digest', 3, START_MS - SENT_MEMORY_MS - 1),
      ...sent('digest', 2, START_MS - 1),
      record('notice', 'waiting'),
    ];
    await writeFile(path.join(dir, OUTBOX_FILE), JSON.stringify({ schemaVersion: SCHEMA_VERSION, outbox: legacy }));
    store = await open();
    const outbox = store.storage.outbox;
    assert.equal(await outbox.prune(START_MS), 500 + 5 + 3, 'the expired digests are also forgotten');
    assert.deepEqual(
      JSON.parse(await onDisk(OUTBOX_FILE)).outbox.map((r: OutboxRecord) => r.id),
      ['notice:waiting'],
    );
    assert.equal((await onDisk(SENT_FILE)).trim().split('\n').length, 502);
    assert.equal(await outbox.prune(START_MS), 0);
    assert.deepEqual(await outbox.insertIfAbsent(sent('digest', 2, START_MS - 1)), [], 'remembered');

    assert.equal(await outbox.prune(START_MS + ANSWER_MEMORY_MS + 1), 500, 'answers are forgotten within the hour');
    assert.equal(await outbox.prune(START_MS + SENT_MEMORY_MS), 2);
    assert.equal(await onDisk(SENT_FILE), '');
  });
});
