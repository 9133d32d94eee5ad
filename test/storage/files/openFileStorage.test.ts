import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { BUNDLED_REPORT } from '../../../src/config.js';
import { CorruptDataError } from '../../../src/storage/CorruptDataError.js';
import type { NewItemEvent } from '../../../src/ledger/item.js';
import { SCHEMA_VERSION, type LedgerFile } from '../../../src/ledger/LedgerDoc.js';
import type { OutboxRecord } from '../../../src/outbox/OutboxRecord.js';
import type { OutboxFile } from '../../../src/storage/files/FileOutboxStore.js';
import { DB_FILE, EVENTS_FILE, OUTBOX_FILE } from '../../../src/storage/files/fileNames.js';
import { openTestLedger } from '../../helpers/openTestLedger.js';
import { dataSnapshot, eventsOnDisk } from '../../helpers/dataFiles.js';
import { START_MS } from '../../helpers/testBot.js';

let dir: string;
let clockMs: number;
const open = (options: { readOnly?: boolean } = {}) =>
  openTestLedger(dir, { clock: () => clockMs, seedReport: BUNDLED_REPORT, ...options });
const file = (name: string) => path.join(dir, name);
const update = (itemNo: number, text: string, extra: Partial<NewItemEvent> = {}): NewItemEvent =>
  ({ type: 'update', itemNo, by: 'admin1', at: clockMs, text, ...extra }) as NewItemEvent;

const record = (id: string): OutboxRecord => ({
  id,
  kind: 'notice',
  period: id,
  target: { kind: 'user', userId: 'li' },
  message: { msgtype: 'text', parts: [id] },
  state: 'pending',
  attempts: 0,
  createdAt: clockMs,
});
const outboxOnDisk = async () =>
  (JSON.parse(await readFile(file(OUTBOX_FILE), 'utf8')) as OutboxFile).outbox.map((r) => r.id);

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-store-'));
  clockMs = START_MS;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A ledger with history on disk and no process holding it. */
async function seeded(...texts: string[]): Promise<void> {
  const store = await open();
  for (const text of texts) await store.append([update(1, text)]);
  await store.close();
}

async function refusal(expected: RegExp): Promise<Error> {
  const before = await dataSnapshot(dir);
  let error: Error | undefined;
  await open().then(
    (store) => store.close(),
    (err: Error) => (error = err),
  );
  assert.ok(error, 'the store opened');
  assert.match(error.message, expected);
  assert.deepEqual(await dataSnapshot(dir), before, 'a refusal must not touch the data');
  return error;
}

describe('first start', () => {
  test('builds the ledger from the report, with a schema version and empty history', async () => {
    const store = await open();
    assert.equal(store.items().length, 53);
    await store.close();
    const doc = JSON.parse(await readFile(file(DB_FILE), 'utf8')) as LedgerFile;
    assert.equal(doc.schemaVersion, SCHEMA_VERSION);
    assert.equal(doc.items.length, 53);
    assert.equal('outbox' in doc, false, 'the outbox lives in its own file');
    assert.deepEqual(await outboxOnDisk(), []);
    assert.equal(await readFile(file(EVENTS_FILE), 'utf8'), '');
  });
});

describe('writes', () => {
  test('an outbox insert resolves with the outbox on disk, leaves db.json untouched and no temp file', async () => {
    const store = await open();
    const ledgerBefore = await readFile(file(DB_FILE), 'utf8');
    await store.storage.outbox.insertIfAbsent([record('写入测试')]);
    assert.deepEqual(await outboxOnDisk(), ['写入测试']);
    assert.equal(await readFile(file(DB_FILE), 'utf8'), ledgerBefore);
    assert.deepEqual(
      (await readdir(dir)).filter((f) => f.endsWith('.tmp')),
      [],
    );
    await store.close();
  });

  test('a schema-1 ledger with its outbox inside db.json is moved to outbox.json once', async () => {
    await seeded();
    const v1 = {
      ...(JSON.parse(await readFile(file(DB_FILE), 'utf8')) as LedgerFile),
      schemaVersion: 1,
      outbox: [record('旧的')],
    };
    await writeFile(file(DB_FILE), JSON.stringify(v1));
    await rm(file(OUTBOX_FILE));
    const store = await open();
    assert.deepEqual(
      (await store.storage.outbox.all()).map((r) => r.id),
      ['旧的'],
    );
    await store.close();
    const doc = JSON.parse(await readFile(file(DB_FILE), 'utf8')) as LedgerFile;
    assert.equal('outbox' in doc, false);
    assert.equal(doc.schemaVersion, SCHEMA_VERSION);
    assert.deepEqual(await outboxOnDisk(), ['旧的']);
  });

  test('concurrent changes and appends are serialized: none is lost, seq is unique', async () => {
    const store = await open();
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => store.storage.outbox.insertIfAbsent([record(`并发${i}`)])),
      ...Array.from({ length: 20 }, (_, i) => store.append([update(1 + (i % 5), `并发进展${i}`)])),
    ]);
    await store.close();
    assert.equal((await outboxOnDisk()).filter((id) => id.startsWith('并发')).length, 20);
    const seqs = (await eventsOnDisk(dir)).map((e) => e.seq);
    assert.deepEqual(
      seqs,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  test('a temp file left by a crash mid-write is ignored and removed', async () => {
    await seeded();
    await writeFile(file(`${DB_FILE}.99999.tmp`), '{"schemaVersion":1,"ite');
    const store = await open();
    assert.equal(store.items().length, 53);
    assert.equal(existsSync(file(`${DB_FILE}.99999.tmp`)), false);
    await store.close();
  });

  test('a record queued twice is stored once, with its first content', async () => {
    const store = await open();
    assert.equal((await store.storage.outbox.insertIfAbsent([record('一次')])).length, 1);
    const again = { ...record('一次'), message: { msgtype: 'text' as const, parts: ['第二次'] } };
    assert.deepEqual(await store.storage.outbox.insertIfAbsent([again]), []);
    await store.close();
    assert.deepEqual(await outboxOnDisk(), ['一次']);
    assert.deepEqual(JSON.parse(await readFile(file(OUTBOX_FILE), 'utf8')).outbox[0].message.parts, ['一次']);
  });

  test("one message's events are one line: a torn batch loses all of it, never half", async () => {
    await seeded('之前');
    const whole = await readFile(file(EVENTS_FILE), 'utf8');
    const store = await open();
    await store.append([update(2, '甲'), update(3, '乙')]);
    await store.close();
    const batch = (await readFile(file(EVENTS_FILE), 'utf8')).slice(whole.length);
    assert.equal(batch.split('\n').length, 2, 'the batch is a single line');
    await writeFile(file(EVENTS_FILE), whole + batch.slice(0, Math.floor(batch.length * 0.7)));
    const reopened = await open();
    assert.equal(reopened.itemHistory(2).length + reopened.itemHistory(3).length, 0);
    assert.equal(reopened.itemHistory(1).length, 1);
    await reopened.close();
  });

  test('append() resolves after the events are in events.jsonl; an unknown item writes nothing', async () => {
    const store = await open();
    const [stored] = await store.append([update(7, '已落盘', { msgId: '9007199254740993' })]);
    assert.deepEqual(await eventsOnDisk(dir), [stored]);
    await assert.rejects(store.append([update(7, '混在一起'), update(54, '不存在')]), /没有第 54 项/);
    assert.equal((await eventsOnDisk(dir)).length, 1);
    await store.close();
  });
});

describe('restart', () => {
  test('history, officers, percent and message ids survive; seq continues', async () => {
    const store = await open();
    await store.append([{ type: 'assign', itemNo: 21, by: 'admin1', at: clockMs, officers: ['li'] }]);
    clockMs += 60_000;
    await store.append([update(21, '清淤完成75%', { percent: 75, msgId: '123' })]);
    await store.close();

    clockMs += 60_000;
    const again = await open();
    const item = again.item(21)!;
    assert.deepEqual(item.officers, ['li']);
    assert.equal(item.percent, 75);
    assert.deepEqual(item.latest, { text: '清淤完成75%', by: 'admin1', at: START_MS + 60_000 });
    assert.deepEqual(
      again.itemHistory(21).map((e) => e.type),
      ['update', 'assign'],
    );
    assert.ok(again.hasMessage('123'));
    const [next] = await again.append([update(21, '下一条')]);
    assert.equal(next!.seq, 3);
    await again.close();
  });

  test('each start keeps one backup set: db.json, outbox.json and events.jsonl under one timestamp', async () => {
    await seeded('一');
    clockMs += 1000;
    await seeded();
    const sets = await readdir(path.join(dir, 'backups'));
    assert.deepEqual(sets, [new Date(clockMs).toISOString().slice(0, 19).replace(/:/g, '-') + '+0000']);
    const set = path.join(dir, 'backups', sets[0]!);
    assert.deepEqual((await readdir(set)).sort(), [DB_FILE, EVENTS_FILE, OUTBOX_FILE]);
    for (const name of [DB_FILE, EVENTS_FILE, OUTBOX_FILE])
      assert.equal(await readFile(path.join(set, name), 'utf8'), await readFile(file(name), 'utf8'), name);
  });
});

describe('damage', () => {
  test('a torn last line of events.jsonl was never confirmed: it is cut off', async () => {
    await seeded('完整的一条');
    const whole = await readFile(file(EVENTS_FILE), 'utf8');
    await writeFile(file(EVENTS_FILE), `${whole}{"seq":2,"itemNo":1,"type":"upd`);
    const store = await open();
    assert.deepEqual(
      store.itemHistory(1).map((e) => e.type === 'update' && e.text),
      ['完整的一条'],
    );
    assert.equal(await readFile(file(EVENTS_FILE), 'utf8'), whole);
    const [next] = await store.append([update(1, '修复后')]);
    assert.equal(next!.seq, 2);
    await store.close();
    assert.deepEqual(
      (await eventsOnDisk(dir)).map((e) => e.seq),
      [1, 2],
    );
  });

  test('a tail torn inside a Chinese character is cut at the last whole line', async () => {
    await seeded('完整的一条');
    const whole = await readFile(file(EVENTS_FILE));
    const torn = Buffer.from(`${JSON.stringify(update(1, '清淤完成'))}\n`);
    const cut = torn.indexOf(Buffer.from('淤')) + 1; // inside the 3 bytes of 淤
    await writeFile(file(EVENTS_FILE), Buffer.concat([whole, torn.subarray(0, cut)]));
    const store = await open();
    assert.equal(store.itemHistory(1).length, 1);
    await store.close();
    assert.deepEqual(await readFile(file(EVENTS_FILE)), whole);
  });

  test('a corrupt line in the middle of events.jsonl is refused with its line number', async () => {
    await seeded('一', '二');
    const [first, second] = (await readFile(file(EVENTS_FILE), 'utf8')).split('\n');
    await writeFile(file(EVENTS_FILE), `${first}\nnot json\n${second}\n`);
    const err = await refusal(/第 2 行无法解析/);
    assert.ok(err instanceof CorruptDataError);
    assert.match(err.message, new RegExp(EVENTS_FILE));
    assert.match(err.message, /请检查第 2 行/);
    assert.doesNotMatch(err.message, /没有找到备份/);
  });

  test('a corrupt db.json is refused, naming the newest backup', async () => {
    await seeded();
    clockMs += 1000;
    await seeded();
    clockMs += 1000;
    await seeded();
    await writeFile(file(DB_FILE), '{"schemaVersion":1,"items":[');
    const err = await refusal(/已损坏/);
    assert.ok(err instanceof CorruptDataError);
    const newest = `${new Date(clockMs).toISOString().slice(0, 19).replace(/:/g, '-')}+0000`;
    assert.equal(err.backup, path.join(dir, 'backups', newest, DB_FILE));
    assert.match(err.message, new RegExp(`最新备份：${err.backup!.replace(/[+]/g, '\\+')}`));
    assert.equal((JSON.parse(await readFile(err.backup!, 'utf8')) as LedgerFile).items.length, 53);
  });

  test('db.json that is JSON but not a ledger is refused', async () => {
    await seeded();
    await writeFile(file(DB_FILE), '{"hello":"world"}');
    assert.ok((await refusal(/结构不完整/)) instanceof CorruptDataError);
  });

  test('history without its ledger is refused instead of starting fresh', async () => {
    await seeded('孤儿');
    await rm(file(DB_FILE));
    assert.ok((await refusal(/db\.json.*文件缺失.*events\.jsonl/)) instanceof CorruptDataError);
    assert.equal(existsSync(file(DB_FILE)), false);
  });

  test('a schema version newer than this program is refused', async () => {
    await seeded();
    const doc = JSON.parse(await readFile(file(DB_FILE), 'utf8')) as LedgerFile;
    await writeFile(file(DB_FILE), JSON.stringify({ ...doc, schemaVersion: SCHEMA_VERSION + 1 }));
    await refusal(new RegExp(`结构版本是 ${SCHEMA_VERSION + 1}.*请升级`));
  });

  test('a refusal releases the folder', async () => {
    await seeded();
    const good = await readFile(file(DB_FILE), 'utf8');
    await writeFile(file(DB_FILE), 'garbage');
    await refusal(/已损坏/);
    await writeFile(file(DB_FILE), good);
    await (await open()).close();
  });
});

describe('read-only', () => {
  test('does not repair, back up or change anything', async () => {
    await seeded('一');
    await writeFile(file(EVENTS_FILE), `${await readFile(file(EVENTS_FILE), 'utf8')}{"torn`);
    const before = await dataSnapshot(dir);
    const reader = await open({ readOnly: true });
    assert.equal(reader.itemHistory(1).length, 1);
    await assert.rejects(reader.storage.outbox.insertIfAbsent([record('x')]), /只读/);
    await assert.rejects(reader.append([update(1, 'x')]), /只读/);
    await reader.close();
    assert.deepEqual(await dataSnapshot(dir), before);
    assert.equal(existsSync(path.join(dir, 'backups')), false);
  });
});
