import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dedupeKey } from '../../src/wecom/InboundMessage.js';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, nextMsgId, startTestBot, type TestBot } from '../helpers/testBot.js';

let t: TestBot;
before(async () => (t = await startTestBot({ env: { WECOM_ADMINS: `${ADMIN},admin2` } })));
after(() => t.stop());

async function updatesWith(text: string) {
  return (await eventsOnDisk(t.dataDir)).filter((e) => e.type === 'update' && e.text === text);
}

test('the same MsgId twice is applied once and both attempts get the same reply', async () => {
  const msgId = nextMsgId();
  const first = await t.say(ADMIN, '进度 20 重发测试一', msgId);
  const retry = await t.say(ADMIN, '进度 20 重发测试一', msgId);
  assert.match(first, /已登记第20项进展/);
  assert.equal(retry, first);
  assert.equal((await updatesWith('重发测试一')).length, 1);
});

test('a retry arriving while the first attempt is still running joins it', async () => {
  const msgId = nextMsgId();
  const replies = await Promise.all([t.say(ADMIN, '进度 21 并发重发', msgId), t.say(ADMIN, '进度 21 并发重发', msgId)]);
  assert.equal(replies[0], replies[1]);
  assert.equal((await updatesWith('并发重发')).length, 1);
});

test('MsgIds equal as JS numbers are still two messages', async () => {
  assert.equal(Number('9007199254740993'), Number('9007199254740992'));
  await t.say(ADMIN, '进度 22 大编号', '9007199254740992');
  await t.say(ADMIN, '进度 22 大编号', '9007199254740993');
  const events = await updatesWith('大编号');
  assert.deepEqual(
    events.map((e) => e.msgId),
    ['9007199254740992', '9007199254740993'],
  );
});

test('a retry is answered from the first attempt even after the ledger changed', async () => {
  const msgId = nextMsgId();
  const first = await t.say('viewer', '进度 23', msgId);
  await t.say(ADMIN, '进度 23 期间的新进展');
  t.clock.advance(9 * 60_000);
  assert.equal(await t.say('viewer', '进度 23', msgId), first);
  assert.match(await t.say('viewer', '进度 23'), /期间的新进展/);
});

test('an update retried after a restart is not applied again', async () => {
  const msgId = nextMsgId();
  await t.say(ADMIN, '进度 24 重启前登记', msgId);
  await t.restart();
  assert.match(await t.say(ADMIN, '进度 24 重启前登记', msgId), /已登记过/);
  const events = await updatesWith('重启前登记');
  assert.equal(events.length, 1);
  assert.equal(events[0]!.msgId, msgId);
});

test('without a MsgId, sender and CreateTime identify a message', async () => {
  const post = (from: string, createTime: number) =>
    t.signer.post(
      t.bot.url,
      '/wecom/callback',
      t.signer.textMessageXml({ from, content: '进度 25 无编号', msgId: '', createTime }),
    );
  const at = Math.floor(t.clock.now() / 1000);
  for (const [from, createTime] of [
    [ADMIN, at],
    [ADMIN, at],
    [ADMIN, at + 1],
    ['admin2', at],
  ] as const) {
    assert.equal((await post(from, createTime)).status, 200);
  }
  // The repeat at the same second is a retry; a second later, or another sender, is a new message.
  assert.equal((await updatesWith('无编号')).length, 3);
});

test('an event and its retry are both acknowledged with an empty 200 and change nothing', async () => {
  const before = (await eventsOnDisk(t.dataDir)).length;
  const xml = t.signer.eventXml({ from: 'lisi', event: 'enter_agent', createTime: Math.floor(t.clock.now() / 1000) });
  for (let i = 0; i < 2; i++) {
    const res = await t.signer.post(t.bot.url, '/wecom/callback', xml);
    assert.deepEqual(res, { status: 200, body: '' });
  }
  assert.equal((await eventsOnDisk(t.dataDir)).length, before);
});

test('events are keyed by sender and CreateTime, messages by MsgId as a string', () => {
  const event = { kind: 'event', event: 'enter_agent', from: 'lisi', createTime: 1700000000 } as const;
  assert.equal(dedupeKey(event), dedupeKey({ ...event }));
  assert.notEqual(dedupeKey(event), dedupeKey({ ...event, createTime: 1700000001 }));
  assert.notEqual(dedupeKey(event), dedupeKey({ ...event, from: 'zhangsan' }));
  const text = { kind: 'text', content: 'x', from: 'lisi', createTime: 1 } as const;
  assert.notEqual(dedupeKey({ ...text, msgId: '9007199254740992' }), dedupeKey({ ...text, msgId: '9007199254740993' }));
  assert.equal(dedupeKey({ ...text, msgId: '7' }), dedupeKey({ ...text, createTime: 2, msgId: '7' }));
});

test('two different messages without a MsgId in the same second are two messages, each with its own reply', async () => {
  const at = Math.floor(t.clock.now() / 1000);
  const say = (content: string) =>
    t.signer
      .post(t.bot.url, '/wecom/callback', t.signer.textMessageXml({ from: ADMIN, content, msgId: '', createTime: at }))
      .then((res) => t.signer.openReply(res.body).content);
  const first = await say('进度 26 同一秒第一条');
  const second = await say('进度 27 同一秒第二条');
  assert.match(first, /已登记第26项/);
  assert.match(second, /已登记第27项/);
  assert.equal((await updatesWith('同一秒第一条')).length, 1);
  assert.equal((await updatesWith('同一秒第二条')).length, 1);
});

test('a MsgId that is not 1–20 digits is still the key: a 25-digit one retried after a restart is applied once', async () => {
  for (const msgId of ['1234567890123456789012345', 'CAQQx2Vg-AbC_9']) {
    const text = `长编号 ${msgId}`;
    assert.match(await t.say(ADMIN, `进度 28 ${text}`, msgId), /已登记第28项/);
    await t.restart();
    assert.match(await t.say(ADMIN, `进度 28 ${text}`, msgId), /已登记过/);
    const events = await updatesWith(text);
    assert.deepEqual(
      events.map((e) => e.msgId),
      [msgId],
    );
  }
});
