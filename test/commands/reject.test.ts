import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { assertNothingStored, noticesTo } from '../helpers/workflowHelpers.js';

let t: TestBot;
before(async () => {
  t = await startTestBot();
  await t.say(ADMIN, '指派 21 officer1,officer2');
  await t.say('officer1', '完成 21 宣传栏已更新');
});
after(() => t.stop());

test('an admin sends a submission back with a reason; the item is 整改中 and every officer is told why', async () => {
  assert.equal(
    await t.say(ADMIN, '退回 21 缺少验收照片'),
    '第21项已退回：「待销号」→「整改中」。已告知责任人 officer1、officer2。',
  );
  const last = (await eventsOnDisk(t.dataDir)).at(-1);
  assert.ok(last?.type === 'status' && last.status === '整改中' && last.note === '缺少验收照片' && last.by === ADMIN);
  assert.match(await t.say('someone', '进度 21'), /^【第21项】整改中/);
  for (const officer of ['officer1', 'officer2']) {
    assert.equal(
      (await noticesTo(t, officer)).at(-1),
      '第21项被退回重新整改（admin1）：缺少验收照片\n整改到位后请再发送「完成 21 说明」。',
    );
  }
});

test('an item already 整改中 is not sent back again', async () => {
  await assertNothingStored(t, async () => {
    assert.equal(await t.say(ADMIN, '退回 21 还是不行'), '第21项已在「整改中」，无需退回。');
  });
});

test('a closed item can be reopened when its problem comes back; without officers nobody is told', async () => {
  assert.equal(
    await t.say(ADMIN, '退回 20 问题反弹'),
    '第20项已退回：「已完成整改」→「整改中」。该项还没有责任人，无人可告知；可用「指派」指定。',
  );
  assert.match(await t.say('someone', '台账'), /已完成整改：25 项/);
});

test('only admins may send back, a reason is required, and refusals store nothing', async () => {
  await t.say('officer1', '完成 21 补了照片');
  await assertNothingStored(t, async () => {
    assert.equal(await t.say('officer1', '退回 21 我自己撤回'), `「退回」只有管理员可以使用。\n管理员：${ADMIN}`);
    assert.equal(await t.say(ADMIN, '退回 21'), '请写明说明，例如：退回 21 缺少验收照片');
  });
});
