import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { cli } from '../helpers/runCli.js';
import { ADMIN, startTestBot, type TestBot, testEnv } from '../helpers/testBot.js';

let t: TestBot;
let tmp: string;
before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-merge-'));
  t = await startTestBot();
});
after(async () => {
  await t.stop();
  await rm(tmp, { recursive: true, force: true });
});

/** Sets one cell of item `no`'s row, found by 序号, under the header named `column`. */
async function editCells(file: string, edits: [no: number, column: string, value: string][]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).map(String);
  for (const [no, column, value] of edits) {
    let row: ExcelJS.Row | undefined;
    sheet.eachRow((r) => {
      if (r.getCell(1).value === no) row = r;
    });
    row!.getCell(header.indexOf(column)).value = value;
  }
  await workbook.xlsx.writeFile(file);
}

test('export → edit three cells → --dry-run shows exactly those → --merge records them; a later chat update is a conflict', async () => {
  const env = testEnv(t.dataDir, t.api.url);
  const sheet = path.join(tmp, 'edited.xlsx');
  const exported = await cli(['export', '--format', 'xlsx', '--out', sheet], env);
  assert.equal(exported.code, 0, exported.stderr);
  // An officer's update after the sheet was made: the sheet's row 24 is now stale.
  await t.say(ADMIN, '进度 24 已完成清淤');
  await editCells(sheet, [
    [21, '整改进度', '整改中'],
    [22, '整改时限', '2026-12-31'],
    [23, '备注', '已约谈责任单位'],
    [24, '责任单位', '河道办'],
  ]);

  const dry = await cli(['import', sheet, '--merge', '巡察整改台账', '--dry-run'], env);
  assert.equal(dry.code, 0, dry.stderr);
  assert.deepEqual(
    dry.stdout
      .split('冲突')[0]!
      .split('\n')
      .filter((l) => /^第\d+项：/.test(l)),
    [
      '第21项：整改进度 阶段性完成并需长期坚持 → 整改中',
      '第22项：整改时限 （空） → 2026-12-31',
      '第23项：备注 （空） → 已约谈责任单位',
    ],
  );
  assert.match(dry.stdout, /冲突（未改动.*--force.*）：\n第24项：导出后在机器人里有更新.*责任单位 （空） → 河道办/);
  assert.match(dry.stdout, /共 3 处差异，1 项冲突。\n（预览：未写入任何文件）/);

  const refused = await cli(['import', sheet, '--merge', '巡察整改台账'], env);
  assert.equal(refused.code, 1, 'the bot holds the data lock');
  assert.match(refused.stderr, /pid/);

  // A batch is one line of events.jsonl.
  const before = (await eventsOnDisk(t.dataDir)).flat().length;
  await t.bot.close();
  const merged = await cli(['import', sheet, '--merge', '巡察整改台账', '--by', '纪委办'], env);
  assert.equal(merged.code, 0, merged.stderr);
  assert.match(merged.stdout, /已记入历史：3 条，操作人 纪委办。/);
  const added = (await eventsOnDisk(t.dataDir)).flat().slice(before);
  assert.deepEqual(
    added.map((e) => [e.itemNo, e.type, e.by]),
    [
      [21, 'status', '纪委办'],
      [22, 'edit', '纪委办'],
      [23, 'edit', '纪委办'],
    ],
  );
  await t.restart();
  assert.match(await t.say('someone', '进度 21'), /^【第21项】整改中/);
  assert.match(await t.say('someone', '进度 22'), /整改时限：2026-12-31/);
  assert.match(await t.say('someone', '历史 23'), /纪委办 台账修改：备注/);
  assert.doesNotMatch(await t.say('someone', '进度 24'), /河道办/);
});

test('new rows become items; a row taken out needs --allow-remove', async () => {
  const env = testEnv(t.dataDir, t.api.url);
  const sheet = path.join(tmp, 'rows.xlsx');
  assert.equal((await cli(['export', '--format', 'xlsx', '--out', sheet], env)).code, 0);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(sheet);
  const ws = workbook.worksheets[0]!;
  let last = 0;
  ws.eachRow((r, n) => {
    if (r.getCell(1).value === 53) last = n;
  });
  ws.spliceRows(last, 1);
  ws.addRow(['', '', '党建方面', '新发现：村务公开不及时', '每月公开', '整改中']);
  await workbook.xlsx.writeFile(sheet);
  const kept = await cli(['import', sheet, '--merge', '巡察整改台账', '--dry-run'], env);
  assert.match(kept.stdout, /第54项（新增，表第 \d+ 行）：新发现：村务公开不及时/);
  assert.match(kept.stdout, /要移除请加 --allow-remove）：\n第53项（表中没有）/);
  assert.match(kept.stdout, /共 1 处差异/);
  await t.bot.close();
  const run = await cli(['import', sheet, '--merge', '巡察整改台账', '--allow-remove'], env);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /第53项（表中没有）：.* → 移出台账/);
  await t.restart();
  assert.match(await t.say('someone', '进度 54'), /^【第54项】整改中\n类别：党建方面\n问题：新发现：村务公开不及时/);
  assert.match(await t.say('someone', '进度 53'), /没有第 53 项/);
});
