import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUNDLED_REPORT } from '../../src/config.js';
import { importLedger } from '../../src/storage/files/importLedger.js';
import { DB_FILE } from '../../src/storage/files/fileNames.js';
import { openTestLedger } from '../helpers/openTestLedger.js';
import { ledgerXlsx } from '../fixtures/import/buildFixtures.js';
import { dataSnapshot } from '../helpers/dataFiles.js';
import { cli } from '../helpers/runCli.js';
import { START_MS, startTestBot } from '../helpers/testBot.js';

const NOTICE = fileURLToPath(new URL('../fixtures/import/parts-numbered.txt', import.meta.url));
let tmp: string;
before(async () => (tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-import-cli-'))));
after(() => rm(tmp, { recursive: true, force: true }));

test('--dry-run prints the summary and writes nothing; the real import prints the same summary', async () => {
  const dir = path.join(tmp, 'dry');
  await importLedger(dir, BUNDLED_REPORT, { replace: false, now: START_MS });
  const before = await dataSnapshot(dir);
  const dry = await cli(['import', NOTICE, '--dry-run'], { DATA_DIR: dir });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^读取：parts-numbered\.txt（文本通报（UTF-8））\n事项 7 项，3 个类别：/);
  assert.match(
    dry.stdout,
    /\n {2}2 \[一、2\] 农村公路“四好”建设推进不力,部分路段养护不到位 ｜ 整改中（原文：整改中,达到序时进度）\n/,
  );
  assert.match(dry.stdout, /（预览：未写入任何文件）$/m);
  assert.deepEqual(await dataSnapshot(dir), before, 'byte-identical after --dry-run');

  const real = await cli(['import', NOTICE, '--replace', '--discard-history'], { DATA_DIR: dir });
  assert.equal(real.code, 0, real.stderr);
  const summary = dry.stdout.replace('（预览：未写入任何文件）\n', '');
  assert.ok(real.stdout.startsWith(summary), real.stdout);
  assert.match(real.stdout, /已建立台账：7 项，3 个类别/);
});

test('a dry run of a new data folder does not create it', async () => {
  const dir = path.join(tmp, 'never');
  const run = await cli(['import', NOTICE, '--dry-run'], { DATA_DIR: dir });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(existsSync(dir), false);
});

test('--replace says what happens to history, and --sheet picks the worksheet', async () => {
  const dir = path.join(tmp, 'replace');
  const sheet = path.join(tmp, 'ledger.xlsx');
  await writeFile(sheet, await ledgerXlsx());
  const built = await cli(['import', sheet, '--sheet', '整改台账'], { DATA_DIR: dir });
  assert.equal(built.code, 0, built.stderr);
  const store = await openTestLedger(dir, { clock: () => START_MS });
  await store.append([{ type: 'update', itemNo: 2, by: 'admin1', at: START_MS, text: '已召开支部会议' }]);
  await store.close();

  const prompt = await cli(['import', NOTICE], { DATA_DIR: dir });
  assert.equal(prompt.code, 1);
  assert.match(prompt.stderr, /已有台账。加 --replace 替换：.*进展、指派和佐证记录.*--discard-history/);
  const refused = await cli(['import', NOTICE, '--replace'], { DATA_DIR: dir });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /找不到旧台账第 2 项.*--discard-history/);

  const same = await cli(['import', sheet, '--sheet', '整改台账', '--replace'], { DATA_DIR: dir });
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /历史记录：1 条（进展、状态、指派、佐证）随 1 项事项带到新台账。/);
});

test('进度 N shows what the 台账 said: label, wording, deadline, leader, unit, people, remarks', async () => {
  const dir = path.join(tmp, 'view');
  const sheet = path.join(tmp, 'view.xlsx');
  await writeFile(sheet, await ledgerXlsx());
  await importLedger(dir, sheet, { replace: false, now: START_MS, sheet: '整改台账' });
  const bot = await startTestBot({ dataDir: dir });
  try {
    const reply = await bot.say('someone', '进度 3');
    assert.match(reply, /^【第3项】阶段性完成并需长期坚持\n/);
    assert.match(reply, /\n责任人：未指派（机关纪委）\n/);
    assert.match(
      reply,
      /\n整改时限：长期（长期坚持）\n责任领导：李副局长\n台账责任人：钱七（未绑定）、孙八（未绑定）\n备注：每季度一次\n/,
    );
    assert.match(await bot.say('someone', '进度 1'), /\n进度原文：已完成\n整改时限：2025-06-30\n/);
  } finally {
    await bot.stop();
  }
});

test('a schema-2 ledger (before imported fields) opens unchanged as schema 3', async () => {
  const dir = path.join(tmp, 'v2');
  await importLedger(dir, BUNDLED_REPORT, { replace: false, now: START_MS });
  const file = path.join(dir, DB_FILE);
  const v2 = { ...JSON.parse(await readFile(file, 'utf8')), schemaVersion: 2 };
  await writeFile(file, JSON.stringify(v2));
  const store = await openTestLedger(dir, { clock: () => START_MS });
  assert.equal(store.storage.ledgers[0]!.file.schemaVersion, 3);
  assert.deepEqual(store.storage.ledgers[0]!.file.items, v2.items);
  await store.close();
});
