import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { holdDiskWrites } from '../helpers/holdDiskWrites.js';
import { ADMIN, nextMsgId, startTestBot, type TestBot } from '../helpers/testBot.js';
import { waitFor } from '../helpers/waitFor.js';

let t: TestBot;
before(async () => (t = await startTestBot({ replyBudgetMs: 50 })));
after(() => t.stop());

const sends = () => t.api.callsTo('/cgi-bin/message/send');

test('an answer that misses the window: empty 200 now, message/send later, exactly once', async () => {
  const msgId = nextMsgId();
  const release = await holdDiskWrites();
  let passive: string;
  try {
    passive = await t.say(ADMIN, '进度 20 慢盘上的进展', msgId);
    assert.equal(sends().length, 0, 'nothing can have been sent while the update is not on disk');
  } finally {
    await release();
  }
  assert.equal(passive, '');

  await waitFor('message/send', () => sends().length > 0);
  const [send] = sends();
  assert.equal(send!.body.touser, ADMIN);
  assert.equal(send!.body.msgtype, 'text');
  assert.equal(send!.body.agentid, 1000002);
  assert.match(send!.body.text.content, /^已登记第20项进展：\n慢盘上的进展/);
  assert.equal(
    (await eventsOnDisk(t.dataDir)).filter((e) => e.type === 'update' && e.text === '慢盘上的进展').length,
    1,
  );

  // WeCom may still retry; the answer already went out actively, so the retry gets no second copy.
  assert.equal(await t.say(ADMIN, '进度 20 慢盘上的进展', msgId), '');
  await t.bot.sender.kick();
  await t.restart();
  await t.bot.sender.kick();
  assert.equal(sends().length, 1);
  assert.equal(
    (await eventsOnDisk(t.dataDir)).filter((e) => e.type === 'update' && e.text === '慢盘上的进展').length,
    1,
  );
});

test('an answer ready inside the window is a passive reply and nothing is sent', async () => {
  const before = sends().length;
  assert.match(await t.say('viewer', '进度 20'), /【第20项】/);
  await t.bot.sender.kick();
  assert.equal(sends().length, before);
});
