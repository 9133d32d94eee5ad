import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, nextMsgId, startTestBot, type TestBot } from '../helpers/testBot.js';
import { assertNothingStored, noticesTo, settle } from '../helpers/workflowHelpers.js';

let t: TestBot;
before(async () => (t = await startTestBot()));
after(() => t.stop());

test('an admin assigns officers and a unit; the reply names them and each officer is told privately', async () => {
  const msgId = nextMsgId();
  const reply = await t.say(ADMIN, '指派 21 zhangsan，lisi 河道办', msgId);
  assert.equal(reply, '已将第21项指派给 zhangsan、lisi（责任单位：河道办），并已私信通知。');
  const [event] = (await eventsOnDisk(t.dataDir)).filter((e) => e.itemNo === 21);
  assert.deepEqual(event, {
    type: 'assign',
    itemNo: 21,
    by: ADMIN,
    at: t.clock.now(),
    officers: ['zhangsan', 'lisi'],
    unit: '河道办',
    msgId,
    seq: event!.seq,
  });
  for (const officer of ['zhangsan', 'lisi']) {
    const [notice, ...more] = await noticesTo(t, officer);
    assert.match(notice!, /^第21项指派给你/);
    assert.match(notice!, /完成 编号 说明/);
    assert.equal(more.length, 0);
  }
  assert.match(await t.say('someone', '进度 21'), /责任人：zhangsan、lisi（河道办）/);
});

test('a re-assignment replaces the officers; the unit may be left out', async () => {
  assert.equal(await t.say(ADMIN, '指派 21 wangwu'), '已将第21项指派给 wangwu，并已私信通知。');
  assert.match(await t.say('someone', '进度 21'), /责任人：wangwu（河道办）/);
});

test('only admins may assign: anyone else is told who may, and nothing is stored', async () => {
  await assertNothingStored(t, async () => {
    const reply = await t.say('zhangsan', '指派 21 zhangsan');
    assert.equal(reply, `「指派」只有管理员可以使用。\n管理员：${ADMIN}`);
  });
});

test('bad input gets a reply saying what would work, and stores nothing', async () => {
  await assertNothingStored(t, async () => {
    assert.match(
      await t.say(ADMIN, '指派 21'),
      /请写出第21项的责任人（姓名或 userid）。\n格式：指派 20 张三、李四 河道办/,
    );
    assert.match(await t.say(ADMIN, '指派 99 zhangsan'), /没有第 99 项。台账共 53 项/);
    assert.match(await t.say(ADMIN, '指派 张三'), /请在「指派」后写事项编号/);
    assert.match(
      await t.say(ADMIN, '指派 21 张三'),
      /名册里没有「张三」。是人员的话请先加入名册：名册在数据目录的 people.csv/,
    );
    assert.match(
      await t.say(ADMIN, `指派 21 ${Array.from({ length: 11 }, (_, i) => `u${i}`).join(',')}`),
      /最多指派 10 位/,
    );
  });
});

test('a WeCom retry after a restart changes nothing twice and notifies once', async () => {
  const msgId = nextMsgId();
  await t.say(ADMIN, '指派 22 zhaoliu', msgId);
  await settle(t);
  await t.restart();
  await t.say(ADMIN, '指派 22 zhaoliu', msgId);
  assert.equal((await eventsOnDisk(t.dataDir)).filter((e) => e.itemNo === 22).length, 1);
  assert.equal((await noticesTo(t, 'zhaoliu')).length, 1);
});
