import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { BUNDLED_REPORT } from '../../src/config.js';
import { newLedgerDoc } from '../../src/ledger/newLedgerDoc.js';
import { parseReport } from '../../src/ledger/parseReport.js';
import { DB_FILE, EVENTS_FILE, LEDGERS_DIR } from '../../src/storage/files/fileNames.js';
import { openLedger } from '../../src/storage/openLedger.js';
import { dataSnapshot } from '../helpers/dataFiles.js';
import { openTestLedger, type TestLedger } from '../helpers/openTestLedger.js';
import { noticeRecord } from '../helpers/noticeRecord.js';
import { cli } from '../helpers/runCli.js';
import { START_MS } from '../helpers/testBot.js';
import { freshDatabase, type TestDatabase } from '../helpers/testDatabase.js';

let db: TestDatabase;
let dirs: string[];
const clock = () => START_MS;
const tempDir = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-migrate-'));
  dirs.push(dir);
  return dir;
};

beforeEach(async () => {
  db = await freshDatabase();
  dirs = [];
});
afterEach(async () => {
  await db.drop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A data folder with history and an outbox holding every delivery state. */
async function filledFolder(): Promise<string> {
  const dir = await tempDir();
  const ledger = await openTestLedger(dir, { clock, seedReport: BUNDLED_REPORT });
  await ledger.append([{ type: 'update', itemNo: 3, by: 'admin1', at: START_MS, text: '清淤完成75%', percent: 75 }]);
  await ledger.append([
    { type: 'assign', itemNo: 3, by: 'admin1', at: START_MS + 1, officers: ['zhang'], unit: '水利局', msgId: 'm-1' },
    { type: 'status', itemNo: 3, by: 'zhang', at: START_MS + 2, status: '待销号', note: '已整改' },
  ]);
  await ledger.storage.outbox.insertIfAbsent([
    noticeRecord('sent', { state: 'sent', attempts: 1, partsSent: 2, sentAt: START_MS + 9 }),
    noticeRecord('half', { partsSent: 1, attempts: 1 }),
    noticeRecord('failed', { state: 'failed', attempts: 20, lastError: '60020 not allow' }),
    noticeRecord('waiting', { attempts: 2, nextAttemptAt: START_MS + 60_000, lastError: 'timeout' }),
  ]);
  await ledger.close();
  return dir;
}

async function contents(ledger: TestLedger) {
  const result = {
    ledgers: ledger.storage.ledgers.map(({ file, history }) => ({ file, history })),
    outbox: await ledger.storage.outbox.all(),
  };
  await ledger.close();
  return result;
}

test('files → PostgreSQL → files: everything arrives, verified, and the source is untouched', async () => {
  const source = await filledFolder();
  const before = await dataSnapshot(source);
  const toDb = await cli(['migrate-store', '--to', 'postgres'], { DATA_DIR: source, DATABASE_URL: db.url });
  assert.equal(toDb.code, 0, toDb.stderr);
  assert.match(toDb.stdout, /台账 1 本，事项 53 项，历史 3 条，发件箱 4 条（已发送 1 条）/);
  assert.match(toDb.stdout, /校验一致/);
  assert.doesNotMatch(toDb.stdout + toDb.stderr, /rectify:rectify@/, 'the password was printed');
  assert.deepEqual(await dataSnapshot(source), before);

  const original = await contents(await openTestLedger(source, { clock, readOnly: true }));
  const evidence = await tempDir();
  const inDb = await contents(
    await openTestLedger(evidence, { clock, readOnly: true, database: { url: db.url, poolMax: 2 } }),
  );
  assert.deepEqual(inDb, original);

  const back = await tempDir();
  const toFiles = await cli(['migrate-store', '--to', 'files'], { DATA_DIR: back, DATABASE_URL: db.url });
  assert.equal(toFiles.code, 0, toFiles.stderr);
  assert.match(toFiles.stdout, /事项 53 项，历史 3 条，发件箱 4 条/);
  assert.deepEqual(await contents(await openTestLedger(back, { clock, readOnly: true })), original);
});

test('a target that already holds a ledger is refused and left as it was', async () => {
  const source = await filledFolder();
  const env = { DATA_DIR: source, DATABASE_URL: db.url };
  assert.equal((await cli(['migrate-store', '--to', 'postgres'], env)).code, 0);
  const again = await cli(['migrate-store', '--to', 'postgres'], env);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /数据库中已有台账/);
  const before = await dataSnapshot(source);
  const intoFull = await cli(['migrate-store', '--to', 'files'], env);
  assert.equal(intoFull.code, 1);
  assert.match(intoFull.stderr, /已存在：只能迁移到没有台账的数据目录/);
  assert.deepEqual(await dataSnapshot(source), before);
});

test('a running bot, a missing DATABASE_URL or a wrong direction is refused in words', async () => {
  const source = await filledFolder();
  const running = await openTestLedger(source, { clock });
  try {
    const locked = await cli(['migrate-store', '--to', 'postgres'], { DATA_DIR: source, DATABASE_URL: db.url });
    assert.equal(locked.code, 1);
    assert.match(locked.stderr, /正在使用|运行/);
  } finally {
    await running.close();
  }
  const noDb = await cli(['migrate-store', '--to', 'postgres'], { DATA_DIR: source });
  assert.equal(noDb.code, 1);
  assert.match(noDb.stderr, /没有设置 DATABASE_URL/);
  const wrong = await cli(['migrate-store', '--to', 'mysql'], { DATA_DIR: source, DATABASE_URL: db.url });
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /--to 应为 postgres 或 files/);
  const empty = await cli(['migrate-store', '--to', 'files'], { DATA_DIR: await tempDir(), DATABASE_URL: db.url });
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /数据库中还没有台账/);
});

test('several ledgers move with their own histories, in order, and stay apart in PostgreSQL', async () => {
  const source = await filledFolder();
  const second = path.join(source, LEDGERS_DIR, 'audit');
  await mkdir(second, { recursive: true });
  const report = parseReport(await readFile(BUNDLED_REPORT, 'utf8'));
  const doc = { ...newLedgerDoc(report, 'audit-2022.txt', START_MS + 1_000), name: '审计2022', code: '审' };
  await writeFile(path.join(second, DB_FILE), JSON.stringify(doc));
  const event = { seq: 1, type: 'update', itemNo: 3, by: 'admin1', at: START_MS, text: '审计整改' };
  await writeFile(path.join(second, EVENTS_FILE), `${JSON.stringify(event)}\n`);

  const toDb = await cli(['migrate-store', '--to', 'postgres'], { DATA_DIR: source, DATABASE_URL: db.url });
  assert.equal(toDb.code, 0, toDb.stderr);
  assert.match(toDb.stdout, /台账 2 本，事项 106 项，历史 4 条/);

  const opened = await openLedger(await tempDir(), { clock, database: { url: db.url, poolMax: 2 } });
  try {
    assert.deepEqual(
      opened.ledgers.all.map((l) => [l.id, l.name, l.code]),
      [
        ['default', '巡察整改台账', opened.ledgers.first.code],
        ['audit', '审计2022', '审'],
      ],
    );
    const audit = opened.ledgers.byId('audit')!;
    await audit.append([{ type: 'update', itemNo: 3, by: 'admin1', at: START_MS, text: '再次核查' }]);
    assert.deepEqual(
      audit.itemHistory(3).map((e) => [e.seq, e.type === 'update' && e.text]),
      [
        [2, '再次核查'],
        [1, '审计整改'],
      ],
    );
    assert.equal(opened.ledgers.first.itemHistory(3).length, 3, 'the first ledger’s item 3 is its own');
  } finally {
    await opened.storage.close();
  }

  const back = await tempDir();
  const toFiles = await cli(['migrate-store', '--to', 'files'], { DATA_DIR: back, DATABASE_URL: db.url });
  assert.equal(toFiles.code, 0, toFiles.stderr);
  const reread = await openLedger(back, { clock, readOnly: true });
  assert.deepEqual(
    reread.ledgers.all.map((l) => [l.id, l.eventsSince(0).length]),
    [
      ['default', 3],
      ['audit', 2],
    ],
  );
  await reread.storage.close();
});
