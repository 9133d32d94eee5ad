import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUNDLED_REPORT } from '../../src/config.js';
import { DB_FILE, EVENTS_FILE, OUTBOX_FILE } from '../../src/storage/files/fileNames.js';
import { openLedger } from '../../src/storage/openLedger.js';
import { openTestLedger } from '../helpers/openTestLedger.js';
import { cli } from '../helpers/runCli.js';
import { importTwoLedgers } from '../helpers/twoLedgers.js';

/** A third ledger to import after a backup. */
const RIVER = fileURLToPath(new URL('../fixtures/ledgers/河道整治台账.csv', import.meta.url));

const T0 = Date.UTC(2026, 11, 1, 12);
let dir: string;
let env: Record<string, string>;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-restore-'));
  env = { DATA_DIR: dir, TZ: 'Asia/Shanghai' };
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const update = (text: string) => ({ type: 'update' as const, itemNo: 20, by: 'admin1', at: T0, text });
const open = (seed = false) => openTestLedger(dir, { clock: () => T0, ...(seed && { seedReport: BUNDLED_REPORT }) });

test('backup while the bot writes: one set of all three files, the history cut after its last whole line', async () => {
  const running = await open(true);
  await running.append([update('第一条')]);
  const whole = await readFile(path.join(dir, EVENTS_FILE), 'utf8');
  await appendFile(path.join(dir, EVENTS_FILE), '{"seq":2,"itemNo":20,"ty'); // an append in progress
  try {
    const taken = await cli(['backup'], env);
    assert.equal(taken.code, 0, taken.stderr);
    const set = /^已备份到 (\S+)：db\.json、outbox\.json、events\.jsonl$/m.exec(taken.stdout)?.[1];
    assert.ok(set, taken.stdout);
    assert.match(path.basename(set), /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\+0800$/);
    assert.equal(await readFile(path.join(set, EVENTS_FILE), 'utf8'), whole);
    for (const name of [DB_FILE, OUTBOX_FILE])
      assert.equal(await readFile(path.join(set, name), 'utf8'), await readFile(path.join(dir, name), 'utf8'));
  } finally {
    await running.close();
  }
});

test('restore is refused while the bot runs; stopped, it puts the set back and keeps what it replaced', async () => {
  const running = await open(true);
  await running.append([update('第一条')]);
  const name = path.basename(/^已备份到 (\S+)：/m.exec((await cli(['backup'], env)).stdout)![1]!);
  await running.append([update('第二条')]);
  const refused = await cli(['restore', name], env);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, new RegExp(`机器人正在运行（pid ${process.pid}）.*先停止机器人`));
  await running.close();
  const current = await readFile(path.join(dir, EVENTS_FILE), 'utf8');

  const restored = await cli(['restore', name], env);
  assert.equal(restored.code, 0, restored.stderr);
  assert.match(restored.stdout, new RegExp(`已恢复备份 ${name.replace('+', '\\+')}：.*台账 53 项，历史记录 1 行`));
  const kept = /恢复前的文件已备份到 (\S+)$/m.exec(restored.stdout)?.[1];
  assert.ok(kept, restored.stdout);
  assert.equal(await readFile(path.join(kept, EVENTS_FILE), 'utf8'), current, 'the replaced history is kept');

  const reopened = await open();
  assert.deepEqual(
    reopened.itemHistory(20).map((e) => e.type === 'update' && e.text),
    ['第一条'],
  );
  await reopened.close();
});

test('restore names the sets there are when none or an unknown one is given; nothing changes', async () => {
  const store = await open(true);
  await store.close();
  await cli(['backup'], env);
  const [set] = await readdir(path.join(dir, 'backups'));
  const none = await cli(['restore'], env);
  assert.equal(none.code, 2);
  assert.match(none.stderr, new RegExp(`请指定一组备份。现有备份（最新 10 组）：\\n  ${set!.replace('+', '\\+')}`));
  const wrong = await cli(['restore', '2020-01-01T00-00-00+0800'], env);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /没有名为 2020-01-01T00-00-00\+0800 的备份/);
  assert.deepEqual(await readdir(path.join(dir, 'backups')), [set]);
});

test('backup and restore cover every ledger: a later ledger is removed, a later update to a second ledger undone', async () => {
  await importTwoLedgers(dir, T0);
  const opened = await openLedger(dir, { clock: () => T0 });
  const audit = opened.ledgers.all[1]!;
  await audit.append([{ type: 'update', itemNo: 1, by: 'admin1', at: T0, text: '备份前的进展' }]);
  await opened.storage.close();

  const taken = await cli(['backup'], env);
  assert.equal(taken.code, 0, taken.stderr);
  assert.match(
    taken.stdout,
    /：db\.json、outbox\.json、ledgers\/l2\/db\.json、ledgers\/l2\/events\.jsonl、events\.jsonl$/m,
  );
  const name = path.basename(/^已备份到 (\S+)：/m.exec(taken.stdout)![1]!);

  const later = await openLedger(dir, { clock: () => T0 + 1000 });
  await later.ledgers.all[1]!.append([
    { type: 'update', itemNo: 1, by: 'admin1', at: T0 + 1000, text: '备份后的进展' },
  ]);
  await later.storage.close();
  assert.equal((await cli(['import', RIVER], env)).code, 0);
  const afterImport = await readdir(path.join(dir, 'ledgers'));
  assert.equal(afterImport.length, 2);

  const restored = await cli(['restore', name], env);
  assert.equal(restored.code, 0, restored.stderr);
  assert.match(restored.stdout, /2 本台账共 60 项，历史记录 1 行/);
  assert.match(restored.stdout, /备份之后新建的台账已移除：ledgers\//);
  const back = await openLedger(dir, { clock: () => T0 + 2000 });
  try {
    assert.equal(back.ledgers.all.length, 2);
    assert.deepEqual(
      back.ledgers.all[1]!.itemHistory(1).map((e) => e.type === 'update' && e.text),
      ['备份前的进展'],
    );
  } finally {
    await back.storage.close();
  }
});
