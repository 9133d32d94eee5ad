import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUNDLED_REPORT } from '../../../src/config.js';
import { DataLockedError } from '../../../src/storage/files/DataLockedError.js';
import { importLedger, LedgerExistsError } from '../../../src/storage/files/importLedger.js';
import type { LedgerFile } from '../../../src/ledger/LedgerDoc.js';
import { DB_FILE, EVENTS_FILE } from '../../../src/storage/files/fileNames.js';
import { openTestLedger } from '../../helpers/openTestLedger.js';
import { ImportRefusedError } from '../../../src/import/ImportRefusedError.js';
import { dataSnapshot } from '../../helpers/dataFiles.js';
import { START_MS } from '../../helpers/testBot.js';

const FULLWIDTH = fileURLToPath(new URL('../../fixtures/report-fullwidth.txt', import.meta.url));

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'rectify-import-'));
  dir = path.join(root, 'data');
});
afterEach(() => rm(root, { recursive: true, force: true }));

const readDoc = async () => JSON.parse(await readFile(path.join(dir, DB_FILE), 'utf8')) as LedgerFile;

test('builds a ledger the store can open, and leaves the folder unlocked', async () => {
  assert.deepEqual(await importLedger(dir, BUNDLED_REPORT, { replace: false, now: START_MS }), {
    items: 53,
    categories: 6,
    backups: [],
    ledger: { name: '回头看2021', code: '回', added: false },
  });
  const doc = await readDoc();
  assert.equal(doc.source, path.basename(BUNDLED_REPORT));
  assert.equal(doc.createdAt, START_MS);
  assert.equal(existsSync(path.join(dir, '.lock')), false);
  const store = await openTestLedger(dir, { clock: () => START_MS });
  assert.equal(store.items().length, 53);
  await store.close();
});

test('the officially typeset report (full-width, CRLF) gives the same ledger', async () => {
  await importLedger(dir, BUNDLED_REPORT, { replace: false, now: START_MS });
  const plain = await readDoc();
  await importLedger(dir, FULLWIDTH, { replace: true, now: START_MS + 1 });
  const official = await readDoc();
  assert.deepEqual(official.items, plain.items);
  assert.deepEqual(official.categories, plain.categories);
});

// Issue 13: a second import without --replace adds a ledger beside the first instead of being refused.
test('an existing ledger is not replaced without --replace: the new one is added under ledgers/', async () => {
  await importLedger(dir, BUNDLED_REPORT, { replace: false, now: START_MS });
  const first = await readFile(path.join(dir, DB_FILE), 'utf8');
  const added = await importLedger(dir, BUNDLED_REPORT, { replace: false, now: START_MS + 1 });
  assert.deepEqual(added.ledger, { name: '回头看2021（2）', code: '头', added: true });
  assert.equal(await readFile(path.join(dir, DB_FILE), 'utf8'), first);
  const second = JSON.parse(await readFile(path.join(dir, 'ledgers', 'l2', DB_FILE), 'utf8')) as LedgerFile;
  assert.equal(second.id, 'l2');
  assert.equal(second.items.length, 53);
  assert.equal(existsSync(path.join(dir, 'backups')), false);
  assert.equal(existsSync(path.join(dir, '.lock')), false);
});

test('--replace keeps timestamped copies of the old ledger and its history, and moves history to the same problems', async () => {
  await importLedger(dir, BUNDLED_REPORT, { replace: false, now: START_MS });
  const store = await openTestLedger(dir, { clock: () => START_MS });
  await store.append([{ type: 'update', itemNo: 5, by: 'admin1', at: START_MS, text: '旧台账的进展' }]);
  await store.close();
  const old = await dataSnapshot(dir);

  const result = await importLedger(dir, FULLWIDTH, { replace: true, now: Date.UTC(2027, 0, 2, 3, 4, 5) });
  assert.deepEqual(
    result.backups.map((b) => path.relative(path.join(dir, 'backups'), b)).sort(),
    [
      '2027-01-02T03-04-05+0000/db.json',
      '2027-01-02T03-04-05+0000/events.jsonl',
      '2027-01-02T03-04-05+0000/outbox.json',
    ],
    'one set of all three, as they were',
  );
  assert.equal(await readFile(result.backups.find((b) => b.endsWith(DB_FILE))!, 'utf8'), old[DB_FILE]);
  assert.equal(await readFile(result.backups.find((b) => b.endsWith('.jsonl'))!, 'utf8'), old[EVENTS_FILE]);
  assert.deepEqual(result.history, { carriedEvents: 1, carriedItems: 1, droppedEvents: 0, droppedItems: [] });
  const fresh = await openTestLedger(dir, { clock: () => START_MS });
  assert.deepEqual(
    fresh.itemHistory(5).map((e) => e.type === 'update' && e.text),
    ['旧台账的进展'],
    'the same problem in the typeset copy keeps its history',
  );
  await fresh.close();
});

test('history whose ledger was lost is neither overwritten nor deleted without --replace', async () => {
  await importLedger(dir, BUNDLED_REPORT, { replace: false, now: START_MS });
  const store = await openTestLedger(dir, { clock: () => START_MS });
  await store.append([{ type: 'update', itemNo: 9, by: 'admin1', at: START_MS, text: '唯一的记录' }]);
  await store.close();
  await rm(path.join(dir, DB_FILE));
  const history = await readFile(path.join(dir, EVENTS_FILE), 'utf8');

  await assert.rejects(importLedger(dir, BUNDLED_REPORT, { replace: false, now: START_MS + 1 }), (err: Error) => {
    assert.ok(err instanceof LedgerExistsError);
    assert.match(err.message, /历史记录.*--replace/);
    return true;
  });
  assert.equal(await readFile(path.join(dir, EVENTS_FILE), 'utf8'), history);
  assert.equal(existsSync(path.join(dir, DB_FILE)), false);

  await assert.rejects(importLedger(dir, BUNDLED_REPORT, { replace: true, now: START_MS + 2 }), (err: Error) => {
    assert.ok(err instanceof LedgerExistsError);
    assert.match(err.message, /找不到旧台账第 9 项.*--discard-history/);
    return true;
  });
  assert.equal(await readFile(path.join(dir, EVENTS_FILE), 'utf8'), history);
  const { backups } = await importLedger(dir, BUNDLED_REPORT, {
    replace: true,
    discardHistory: true,
    now: START_MS + 2,
  });
  assert.equal(await readFile(backups.find((b) => b.endsWith(EVENTS_FILE))!, 'utf8'), history);
});

test('a text without a single item is refused, saying what an item looks like, and nothing is written', async () => {
  const notes = path.join(root, 'notes.txt');
  await writeFile(notes, '会议纪要\n一、会议议程\n大家讨论了很多事情。\n');
  await assert.rejects(importLedger(dir, notes, { replace: false, now: START_MS }), (err: Error) => {
    assert.ok(err instanceof ImportRefusedError);
    assert.match(err.message, /^没有找到任何整改事项.*“整改进度:”/);
    return true;
  });
  assert.equal(existsSync(dir), false);
});

test('a bad report does not touch an existing ledger even with --replace', async () => {
  await importLedger(dir, BUNDLED_REPORT, { replace: false, now: START_MS });
  const before = await dataSnapshot(dir);
  const image = path.join(root, 'scan.png');
  await writeFile(image, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
  await assert.rejects(importLedger(dir, image, { replace: true, now: START_MS + 1 }), ImportRefusedError);
  assert.deepEqual(await dataSnapshot(dir), before);
  assert.equal(existsSync(path.join(dir, 'backups')), false);
});

test('import while the bot holds the folder is refused and changes nothing', async () => {
  await importLedger(dir, BUNDLED_REPORT, { replace: false, now: START_MS });
  const store = await openTestLedger(dir, { clock: () => START_MS });
  try {
    const before = await dataSnapshot(dir);
    await assert.rejects(importLedger(dir, FULLWIDTH, { replace: true, now: START_MS + 1 }), DataLockedError);
    assert.deepEqual(await dataSnapshot(dir), before);
  } finally {
    await store.close();
  }
});
