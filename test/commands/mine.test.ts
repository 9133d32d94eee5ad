import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { assertNothingStored } from '../helpers/workflowHelpers.js';

const DAY = 24 * 60 * 60_000;

let t: TestBot;
before(async () => (t = await startTestBot()));
after(() => t.stop());

test('我的 lists the sender’s items by number with status and days since anything happened', async () => {
  await t.say(ADMIN, '指派 23 Officer1');
  await t.say(ADMIN, '指派 21 officer1,officer2');
  t.clock.advance(3 * DAY + 60_000);
  await t.say('officer2', '进度 21 已排查');
  t.clock.advance(DAY);
  const reply = await t.say('officer1', '我的');
  const lines = reply.split('\n');
  assert.equal(lines[0], '你负责的事项共 2 项：');
  assert.match(lines[1]!, /^21\.【阶段性完成并需长期坚持】.+（1 天未更新）$/);
  assert.match(lines[2]!, /^23\.【阶段性完成并需长期坚持】.+（4 天未更新）$/);
  assert.match(reply, /完成 编号 说明/);
  assert.match(await t.say('officer2', '我的'), /^你负责的事项共 1 项：\n21\./);
});

test('anyone may ask; someone without items is told how they get some; asking stores nothing', async () => {
  await assertNothingStored(t, async () => {
    assert.equal(await t.say('colleague', '我的'), '你目前没有负责的事项。管理员用「指派」分配后，会私信通知你。');
    assert.match(await t.say('officer1', '我的'), /^你负责的事项共 2 项/);
  });
});
