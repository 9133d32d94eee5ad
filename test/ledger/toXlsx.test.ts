import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { exportCommand } from '../../src/cli/exportCommand.js';
import { LEDGER_COLUMNS } from '../../src/ledger/ledgerRows.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { jpeg, sendImage } from '../helpers/workflowHelpers.js';

let t: TestBot;
let sheet: ExcelJS.Worksheet;

before(async () => {
  t = await startTestBot();
  await t.say(ADMIN, '指派 21 officer1,officer2 水务站');
  await t.say('officer1', '进度 21 清淤完成75%');
  t.api.addMedia('M21', jpeg('photo'));
  await sendImage(t, 'officer1', 'M21');
  // The export reads the files while the bot runs, the way an operator would.
  const out = path.join(t.dataDir, 'ledger.xlsx');
  assert.equal(await exportCommand(['--format', 'xlsx', '--out', out], t.config), `已导出 53 项 → ${out}`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(out);
  sheet = workbook.worksheets[0]!;
});
after(() => t.stop());

test('the first sheet has a bold header row and one row per item', () => {
  assert.equal(sheet.name, '巡察整改台账');
  assert.equal(sheet.rowCount, 54);
  assert.deepEqual(
    LEDGER_COLUMNS.map((_, i) => sheet.getRow(1).getCell(i + 1).value),
    [...LEDGER_COLUMNS],
  );
  assert.equal(sheet.getRow(1).cellCount, LEDGER_COLUMNS.length);
  assert.equal(sheet.getRow(1).getCell(1).font?.bold, true);
  assert.deepEqual(
    Array.from({ length: 53 }, (_, i) => sheet.getRow(i + 2).getCell(1).value),
    Array.from({ length: 53 }, (_, i) => i + 1),
  );
});

test('the header is frozen and the long columns are wide and wrapped', () => {
  assert.deepEqual(
    { state: sheet.views[0]?.state, ySplit: (sheet.views[0] as { ySplit?: number }).ySplit },
    { state: 'frozen', ySplit: 1 },
  );
  const width = (name: string) => sheet.getColumn(LEDGER_COLUMNS.indexOf(name as never) + 1).width ?? 0;
  assert.ok(width('整改措施') >= 40 && width('问题') >= 30 && width('序号') <= 8);
  assert.equal(sheet.getRow(2).getCell(LEDGER_COLUMNS.indexOf('整改措施') + 1).alignment?.wrapText, true);
});

test('a row carries the item as the ledger knows it now', () => {
  const row = sheet.getRow(22);
  const cell = (name: (typeof LEDGER_COLUMNS)[number]) => row.getCell(LEDGER_COLUMNS.indexOf(name) + 1).value;
  assert.equal(cell('序号'), 21);
  assert.match(String(cell('问题')), /安全生产/);
  assert.equal(cell('整改进度'), '阶段性完成并需长期坚持');
  assert.equal(cell('责任单位'), '水务站');
  assert.equal(cell('责任人'), 'officer1、officer2');
  assert.equal(cell('完成度'), '75%');
  assert.equal(cell('最新进展'), '清淤完成75%');
  assert.equal(cell('更新时间'), '2026-11-27 10:00');
  assert.equal(cell('佐证数'), 1);
});
