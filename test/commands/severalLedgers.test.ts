import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ADMIN, START_MS, startTestBot, type TestBot } from '../helpers/testBot.js';
import { importTwoLedgers } from '../helpers/twoLedgers.js';

const OFFICER = 'officer1';
let tmp: string;
let t: TestBot;
before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-ledgers-'));
  await importTwoLedgers(tmp, START_MS - 86_400_000);
  t = await startTestBot({ dataDir: tmp });
});
after(async () => {
  await t.stop();
  await rm(tmp, { recursive: true, force: true });
});

test('进度 with a code reads that ledger; a bare number both ledgers have lists them; one only one has is found', async () => {
  assert.match(
    await t.say('someone', '进度 审3'),
    /^【审计2023第3项】整改中\n类别：县级财政管理审计方面\n问题：国有资产底数不清/,
  );
  assert.match(await t.say('someone', '进度 巡3'), /^【巡察2021第3项】/);
  assert.equal(
    await t.say('someone', '进度 3'),
    [
      '第3项在 2 本台账中都有，请在编号前写台账代码：',
      '· 巡3 巡察2021：关于“‘三重一大’制度执行不到位,问题整',
      '· 审3 审计2023：国有资产底数不清的问题',
      '例如「进度 巡3」',
    ].join('\n'),
  );
  assert.match(await t.say('someone', '进度 21'), /^【巡察2021第21项】/);
  assert.match(await t.say('someone', '进度 审21'), /^审计2023没有第 21 项（共 7 项）。/);

  const saved = await t.say(ADMIN, '进度 审3 资产清查完成60%');
  assert.match(saved, /审计2023第3项/);
  assert.match(await t.say('someone', '进度 审3'), /完成度：60%/);
  assert.doesNotMatch(await t.say('someone', '进度 巡3'), /完成度：60%/, 'the other ledger’s item 3 is untouched');
});

test('我的 and 查 work across ledgers; 台账 gives one line per ledger, then one ledger by its code', async () => {
  assert.match(await t.say(ADMIN, `指派 审6 ${OFFICER}`), /审计2023第6项/);
  assert.match(await t.say(ADMIN, `指派 巡21 ${OFFICER}`), /巡察2021第21项/);
  const mine = await t.say(OFFICER, '我的');
  assert.match(
    mine,
    /^你负责的事项共 2 项：\n巡21\.【阶段性完成并需长期坚持】.*\n审6\.【整改中】老旧小区改造项目进度滞后/,
  );

  assert.match(await t.say('someone', '查 国库'), /审2/);
  assert.match(await t.say('someone', '查 公车'), /\n巡8\. /);
  const both = await t.say('someone', '查 资金');
  assert.match(both, /\n巡\d+\. /);
  assert.match(both, /\n审4\. /);

  const overview = await t.say('someone', '台账');
  assert.match(overview, /^共 2 本台账/);
  assert.match(overview, /\n巡 巡察2021：26\/53，/);
  assert.match(overview, /\n审 审计2023：5\/7，/);
  assert.match(overview, /发送「台账 巡」看一本的详情/);
  assert.match(await t.say('someone', '台账 审'), /^【审计2023】共 7 项\n已完成整改：5 项\n/);
});

test('归档 takes a ledger out of 我的 and bare numbers, keeps it searchable; 恢复 brings it back, across a restart', async () => {
  await t.say(ADMIN, `指派 审6 ${OFFICER}`);
  await t.say(ADMIN, `指派 巡21 ${OFFICER}`);
  assert.match(await t.say(OFFICER, '归档 审'), /管理员/, 'an admin command');
  assert.match(await t.say(ADMIN, '归档 不存在'), /^没有叫「不存在」的台账。现有台账：巡 巡察2021、审 审计2023$/);
  assert.match(await t.say(ADMIN, '归档 审'), /^已归档「审计2023」：不再进周报和「我的」/);
  assert.match(await t.say(ADMIN, '归档 审'), /已经归档/);
  assert.match(await t.say(ADMIN, '归档 巡'), /唯一在用的台账/);

  const mine = await t.say(OFFICER, '我的');
  assert.match(mine, /^你负责的事项共 1 项：\n巡21\./);
  assert.doesNotMatch(mine, /审6/);
  assert.match(await t.say('someone', '查 国库'), /审2/, 'an archived ledger stays searchable');
  assert.match(await t.say('someone', '进度 3'), /^【巡察2021第3项】/, 'a bare number prefers the active ledger');
  assert.match(await t.say('someone', '进度 审3'), /^【审计2023第3项】/, 'and the archived one is still readable');

  await t.restart();
  assert.match(await t.say('someone', '台账'), /\n审 审计2023：5\/7，71\.4%（已归档）/);
  assert.match(await t.say(ADMIN, '恢复 审'), /^已恢复「审计2023」/);
  assert.match(await t.say(OFFICER, '我的'), /^你负责的事项共 2 项/);
  await t.restart();
  assert.doesNotMatch(await t.say('someone', '台账'), /已归档/);
});
