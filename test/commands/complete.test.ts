import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, nextMsgId, startTestBot, type TestBot } from '../helpers/testBot.js';
import { assertNothingStored, noticesTo } from '../helpers/workflowHelpers.js';

let t: TestBot;
before(async () => {
  t = await startTestBot();
  await t.say(ADMIN, '指派 21 officer1');
  await t.say(ADMIN, '指派 20 officer1');
});
after(() => t.stop());

test('the officer submits an item: it awaits 销号 with the note, and the admins are told', async () => {
  const msgId = nextMsgId();
  const reply = await t.say('officer1', '完成 21 宣传栏已更新。验收照片随后发', msgId);
  assert.match(reply, /^第21项已申请销号，状态改为「待销号」，已通知管理员核实。/);
  const last = (await eventsOnDisk(t.dataDir)).at(-1);
  assert.deepEqual(last, {
    type: 'status',
    itemNo: 21,
    by: 'officer1',
    at: t.clock.now(),
    status: '待销号',
    note: '宣传栏已更新。验收照片随后发',
    msgId,
    seq: last!.seq,
  });
  assert.match(await t.say('someone', '进度 21'), /^【第21项】待销号/);
  await noticesTo(t, ADMIN);
  const [card] = t.api
    .callsTo('/cgi-bin/message/send')
    .filter((c) => c.body.touser === ADMIN && c.body.msgtype === 'template_card')
    .map((c) => c.body.template_card);
  assert.equal(card.main_title.title, '第21项申请销号');
  assert.equal(card.sub_title_text, '宣传栏已更新。验收照片随后发');
  assert.deepEqual(
    card.horizontal_content_list.map((f: { keyname: string }) => f.keyname),
    ['申请人', '时间', '照片'],
  );
});

test('a second submission of an item awaiting 销号 is refused', async () => {
  await assertNothingStored(t, async () => {
    assert.match(await t.say('officer1', '完成 21 再交一次'), /第21项已申请销号，正等待管理员（admin1）核实/);
  });
});

test('an item already closed (已完成整改) cannot be submitted again', async () => {
  await assertNothingStored(t, async () => {
    assert.equal(await t.say('officer1', '完成 20 再交一次'), '第20项已是「已完成整改」，无需再申请销号。');
  });
});

test('someone who is neither officer of the item nor admin is refused and told who may', async () => {
  await assertNothingStored(t, async () => {
    const reply = await t.say('colleague', '完成 23 做完了');
    assert.equal(reply, '你不能为第23项申请销号。只有该项责任人（未指派）或管理员可以；你可以发送「进度 23」查看。');
    assert.match(await t.say('officer1', '完成 23 做完了'), /只有该项责任人（未指派）或管理员可以/);
  });
});

test('an admin may submit any item', async () => {
  assert.match(await t.say(ADMIN, '完成 23 已督促落实'), /^第23项已申请销号/);
});

test('a submission needs a note of what was done, within 500 characters', async () => {
  await assertNothingStored(t, async () => {
    assert.equal(
      await t.say('officer1', '完成 24'),
      '你不能为第24项申请销号。只有该项责任人（未指派）或管理员可以；你可以发送「进度 24」查看。',
    );
    assert.equal(await t.say(ADMIN, '完成 24'), '请写明说明，例如：完成 24 清淤已验收');
    assert.match(await t.say(ADMIN, `完成 24 ${'好'.repeat(501)}`), /说明最多 500 字/);
  });
});
