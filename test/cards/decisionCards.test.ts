import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { settle } from '../helpers/workflowHelpers.js';
import { cardUpdates, click as clickOn, cardsTo as cardsToOf } from './cardClicks.js';

const ADMIN2 = 'admin2';
let t: TestBot;

before(async () => {
  t = await startTestBot({ env: { WECOM_ADMINS: `${ADMIN},${ADMIN2}` } });
  await t.say(ADMIN, '指派 21 officer1');
  await t.say(ADMIN, '指派 22 officer1');
  await t.say(ADMIN, '指派 24 officer1');
});
after(() => t.stop());

const cardsTo = (userId: string) => cardsToOf(t, userId);
const click = (from: string, taskId: string, key: string, code?: string) => clickOn(t, from, taskId, key, code);
const updates = () => cardUpdates(t);

test('完成 sends each admin a card; one admin closes; both cards show the outcome; the second click changes nothing', async () => {
  await t.say('officer1', '完成 21 宣传栏已更新');
  const [card1] = await cardsTo(ADMIN);
  const [card2] = await cardsTo(ADMIN2);
  assert.equal(card1.card_type, 'button_interaction');
  assert.equal(card1.main_title.title, '第21项申请销号');
  assert.equal(card1.sub_title_text, '宣传栏已更新');
  assert.deepEqual(
    card1.button_list.map((b: any) => [b.text, b.key]),
    [
      ['销号', 'close'],
      ['退回', 'reject'],
    ],
  );
  assert.notEqual(card1.task_id, card2.task_id);

  const before = updates().length;
  const { text } = await click(ADMIN, card1.task_id, 'close');
  assert.match(text, /^第21项已销号/);
  const closes = (await eventsOnDisk(t.dataDir)).filter((e) => e.type === 'status' && e.status === '已完成整改');
  assert.equal(closes.length, 1);
  assert.equal(closes[0]!.by, ADMIN);
  const done = updates().slice(before);
  assert.deepEqual(done.map((u) => u.userids[0]).sort(), [ADMIN, ADMIN2]);
  for (const u of done) assert.match(u.button.replace_name, /^已销号·admin1·/);

  const history = (await eventsOnDisk(t.dataDir)).length;
  const second = await click(ADMIN2, card2.task_id, 'close');
  assert.match(second.text, /^已销号·admin1·/);
  assert.equal((await eventsOnDisk(t.dataDir)).length, history);
});

test('a replayed click, also after a restart, is applied once', async () => {
  await t.say('officer1', '完成 22 已整改');
  const [card] = (await cardsTo(ADMIN)).filter((c) => c.main_title.title === '第22项申请销号');
  const first = await click(ADMIN, card.task_id, 'close');
  const events = (await eventsOnDisk(t.dataDir)).length;
  const calls = t.api.calls.length;
  const res = await t.signer.post(t.bot.url, '/wecom/callback', first.xml);
  assert.equal(res.status, 200);
  await t.restart();
  const again = await t.signer.post(t.bot.url, '/wecom/callback', first.xml);
  assert.equal(again.status, 200);
  await settle(t);
  assert.equal((await eventsOnDisk(t.dataDir)).length, events);
  const sentSince = t.api.calls.slice(calls).filter((c) => c.path.includes('message/'));
  assert.deepEqual(sentSince, []);
});

test('a click by someone who is not an admin changes nothing and the card says why', async () => {
  await t.say('officer1', '完成 24 已完成');
  const [card] = (await cardsTo(ADMIN)).filter((c) => c.main_title.title === '第24项申请销号');
  const events = (await eventsOnDisk(t.dataDir)).length;
  // An admin removed from WECOM_ADMINS after the card went out is such a someone.
  const { text } = await click('officer1', card.task_id, 'close');
  assert.match(text, /只有管理员/);
  assert.equal((await eventsOnDisk(t.dataDir)).length, events);
  assert.equal(updates().at(-1)!.button.replace_name, '仅管理员可销号');
});

test('退回 on the card asks for the reason as a command', async () => {
  const [card] = (await cardsTo(ADMIN)).filter((c) => c.main_title.title === '第24项申请销号');
  const { text } = await click(ADMIN, card.task_id, 'reject');
  assert.equal(text, '退回需写明原因，卡片上无法填写。请发送「退回 24 原因」。');
});

test('a click on an item whose state changed meanwhile changes nothing; a spent code falls back to a message', async () => {
  assert.match(await t.say(ADMIN, '退回 24 照片不清楚'), /已退回/);
  const [card] = (await cardsTo(ADMIN2)).filter((c) => c.main_title.title === '第24项申请销号');
  const events = (await eventsOnDisk(t.dataDir)).length;
  const spent = t.api.issueClickCode();
  await t.api.issueClickCode();
  // The fake accepts each code once: using it here leaves the click's code spent.
  await fetch(`${t.api.url}/cgi-bin/gettoken?corpid=${t.api.corpId}&corpsecret=${t.api.secret}`)
    .then((r) => r.json())
    .then((j: any) =>
      fetch(`${t.api.url}/cgi-bin/message/update_template_card?access_token=${j.access_token}`, {
        method: 'POST',
        body: JSON.stringify({ response_code: spent }),
      }),
    );
  const { text } = await click(ADMIN2, card.task_id, 'close', spent);
  assert.match(text, /当前是「整改中」/);
  assert.equal((await eventsOnDisk(t.dataDir)).length, events);
  // The click's code was spent, so the card's own code from message/send was used instead.
  assert.equal(updates().at(-1)!.button.replace_name, '未执行：现为整改中');
});

test('a card the bot never sent is answered, nothing changes', async () => {
  const { text } = await click(ADMIN, 'c-not-ours', 'close');
  assert.match(text, /已失效/);
});

test('after 72 hours the codes have expired: every admin gets the outcome as a message instead', async () => {
  await t.say(ADMIN, '完成 23 已督促落实');
  const [card] = (await cardsTo(ADMIN2)).filter((c) => c.main_title.title === '第23项申请销号');
  t.clock.advance(73 * 3_600_000);
  const spent = t.api.issueClickCode();
  const before = updates().length;
  // The fake never issued this code for an update: WeCom refuses it, as it would an expired one.
  const { text } = await click(ADMIN2, card.task_id, 'close', `${spent}-expired`);
  assert.match(text, /^第23项已销号/);
  assert.equal(updates().length, before + 1, 'only the refused click code was tried');
  for (const admin of [ADMIN, ADMIN2]) {
    const texts = t.api
      .callsTo('/cgi-bin/message/send')
      .filter((c) => c.body.touser === admin && c.body.msgtype === 'text')
      .map((c) => c.body.text.content);
    assert.ok(
      texts.some((m: string) => /^卡片「23」：已销号·admin2·/.test(m)),
      texts.join('\n'),
    );
  }
});
