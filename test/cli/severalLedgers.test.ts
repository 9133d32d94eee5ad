import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUNDLED_REPORT } from '../../src/config.js';
import { openLedger } from '../../src/storage/openLedger.js';
import { dataSnapshot } from '../helpers/dataFiles.js';
import { cli } from '../helpers/runCli.js';
import { ADMIN, START_MS } from '../helpers/testBot.js';
import { AUDIT_NOTICE } from '../helpers/twoLedgers.js';

/** Three items with deadlines: one long past (2020), one far ahead (2099), one 长期坚持 and done. */
const RIVER = fileURLToPath(new URL('../fixtures/ledgers/河道整治台账.csv', import.meta.url));
let tmp: string;
before(async () => (tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-ledgers-cli-'))));
after(() => rm(tmp, { recursive: true, force: true }));

test('import adds ledgers beside the first with derived or given names and codes; bad codes are refused', async () => {
  const dir = path.join(tmp, 'add');
  const env = { DATA_DIR: dir, TZ: 'Asia/Shanghai' };
  assert.equal((await cli(['import', BUNDLED_REPORT, '--name', '巡察2021', '--code', '巡'], env)).code, 0);
  const audit = await cli(['import', AUDIT_NOTICE], env);
  assert.equal(audit.code, 0, audit.stderr);
  assert.match(audit.stdout, /与原有台账并存：「审计2023」，代码 审（群里发「进度 审1」看其第1项）/);

  const before = await dataSnapshot(dir);
  for (const [args, why] of [
    [['--code', '审'], /代码「审」已被台账「审计2023」使用/],
    [['--code', '河2'], /代码「河2」不能含数字或空格/],
    [['--code', '河 道'], /不能含数字或空格/],
    [['--name', '审计2023'], /已有叫「审计2023」的台账/],
  ] as const) {
    const run = await cli(['import', RIVER, ...args], env);
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stderr, why);
  }
  assert.deepEqual(await dataSnapshot(dir), before, 'a refused import writes nothing');

  const river = await cli(['import', RIVER, '--name', '河道整治'], env);
  assert.equal(river.code, 0, river.stderr);
  assert.match(river.stdout, /「河道整治」，代码 河/);
  const listed = await cli(['ledgers'], env);
  assert.equal(listed.code, 0, listed.stderr);
  assert.equal(
    listed.stdout,
    [
      '共 3 本台账（代码 名称：事项、已完成、未完成、逾期）：',
      '巡 巡察2021：53 项，已完成 26，未完成 27，逾期 0',
      '审 审计2023：7 项，已完成 5，未完成 2，逾期 0',
      '河 河道整治：3 项，已完成 1，未完成 2，逾期 1',
      '',
    ].join('\n'),
  );

  const opened = await openLedger(dir, { clock: () => START_MS });
  await opened.ledgers.setArchived(opened.ledgers.find('河道整治')!, true);
  await opened.storage.close();
  assert.match((await cli(['ledgers'], env)).stdout, /\n河 河道整治：3 项.*逾期 1（已归档）\n$/);
});

test('--replace <code> replaces that ledger only, keeping its name, code and the history of matching items', async () => {
  const dir = path.join(tmp, 'replace');
  const env = { DATA_DIR: dir };
  await cli(['import', BUNDLED_REPORT, '--code', '巡'], env);
  await cli(['import', AUDIT_NOTICE], env);
  const opened = await openLedger(dir, { clock: () => START_MS });
  await opened.ledgers.find('审')!.append([{ type: 'update', itemNo: 3, by: ADMIN, at: START_MS, text: '清查过半' }]);
  await opened.storage.close();
  const first = await readFile(path.join(dir, 'db.json'), 'utf8');

  const unknown = await cli(['import', AUDIT_NOTICE, '--replace', '环'], env);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^没有叫「环」的台账。现有台账（代码 名称）：巡 回头看2021、审 审计2023/);

  const replaced = await cli(['import', '--replace', '审', AUDIT_NOTICE], env);
  assert.equal(replaced.code, 0, replaced.stderr);
  assert.match(replaced.stdout, /历史记录：1 条（进展、状态、指派、佐证）随 1 项事项带到新台账。/);
  assert.match(replaced.stdout, /旧文件已备份：\S+\/ledgers\/l2\/db\.json/);
  assert.equal(await readFile(path.join(dir, 'db.json'), 'utf8'), first, 'the first ledger is untouched');
  const after = await openLedger(dir, { clock: () => START_MS, readOnly: true });
  assert.deepEqual(
    after.ledgers.all.map((l) => `${l.code} ${l.name} ${l.itemCount}`),
    ['巡 回头看2021 53', '审 审计2023 7'],
  );
  assert.equal(after.ledgers.find('审')!.itemHistory(3)[0]?.type, 'update');
  await after.storage.close();
});

test('export covers every ledger and names each; --ledger exports one', async () => {
  const dir = path.join(tmp, 'export');
  const env = { DATA_DIR: dir, TZ: 'Asia/Shanghai' };
  await cli(['import', BUNDLED_REPORT, '--name', '巡察2021'], env);
  await cli(['import', AUDIT_NOTICE], env);

  const csv = path.join(tmp, 'all.csv');
  const all = await cli(['export', '--format', 'csv', '--out', csv], env);
  assert.equal(all.code, 0, all.stderr);
  assert.equal(all.stdout, `已导出 「巡察2021」53 项、「审计2023」7 项 → ${csv}\n`);
  const lines = (await readFile(csv, 'utf8')).split('\r\n');
  assert.match(lines[0]!, /^\uFEFF台账,序号,原编号,类别,问题,/);
  assert.match(lines[1]!, /^巡察2021,1,/);
  assert.ok(lines.some((l) => l.startsWith('审计2023,7,')));

  const one = path.join(tmp, 'one.csv');
  assert.equal((await cli(['export', '--format', 'csv', '--out', one, '--ledger', '审'], env)).code, 0);
  const rows = (await readFile(one, 'utf8')).trim().split('\r\n').slice(1);
  assert.equal(rows.length, 7);
  assert.ok(rows.every((r) => r.startsWith('审计2023,')));

  const md = path.join(tmp, 'all.md');
  assert.equal((await cli(['export', '--format', 'md', '--out', md], env)).code, 0);
  assert.deepEqual((await readFile(md, 'utf8')).match(/^## .+$/gm), ['## 巡察2021', '## 审计2023']);

  const xlsx = path.join(tmp, 'all.xlsx');
  assert.equal((await cli(['export', '--format', 'xlsx', '--out', xlsx], env)).code, 0);
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(xlsx);
  assert.deepEqual(
    book.worksheets.map((s) => `${s.name} ${s.rowCount}`),
    ['巡察2021 54', '审计2023 8'],
  );

  const missing = await cli(['export', '--format', 'csv', '--out', one, '--ledger', '环保'], env);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /没有叫「环保」的台账。现有台账（代码 名称）：巡 巡察2021、审 审计2023/);
});
