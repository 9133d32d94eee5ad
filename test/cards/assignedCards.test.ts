import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { cardUpdates, cardsTo, click } from './cardClicks.js';

let t: TestBot;
before(async () => {
  t = await startTestBot();
});
after(() => t.stop());

test('指派 sends the officer a card; 查看 answers with the item, 已接收 is recorded once and shown in 历史', async () => {
  await t.say(ADMIN, '指派 21 officer1 河道办');
  const [card] = await cardsTo(t, 'officer1');
  assert.equal(card.main_title.title, '第21项指派给你');
  assert.deepEqual(
    card.horizontal_content_list.map((f: any) => [f.keyname, f.value]),
    [
      ['指派人', ADMIN],
      ['单位', '河道办'],
    ],
  );
  assert.deepEqual(
    card.button_list.map((b: any) => b.text),
    ['查看', '已接收'],
  );

  const viewed = await click(t, 'officer1', card.task_id, 'view');
  assert.match(viewed.text, /^【第21项】阶段性完成并需长期坚持/);

  const acked = await click(t, 'officer1', card.task_id, 'ack');
  assert.equal(acked.text, '已记录：你已接收第21项。发送「进度 21 说明」登记进展。');
  await click(t, 'officer1', card.task_id, 'ack');
  const received = (await eventsOnDisk(t.dataDir)).filter((e) => e.type === 'received');
  assert.equal(received.length, 1);
  assert.equal(received[0]!.by, 'officer1');
  assert.match(cardUpdates(t).at(-1).button.replace_name, /^已接收·/);
  assert.match(await t.say(ADMIN, '历史 21'), /officer1 已接收指派/);
});

test('已接收 from someone no longer the officer records nothing', async () => {
  await t.say(ADMIN, '指派 22 officer2');
  const [card] = await cardsTo(t, 'officer2');
  await t.say(ADMIN, '指派 22 officer3');
  const events = (await eventsOnDisk(t.dataDir)).length;
  const { text } = await click(t, 'officer2', card.task_id, 'ack');
  assert.equal(text, '你已不是第22项的责任人，无需接收。');
  assert.equal((await eventsOnDisk(t.dataDir)).length, events);
});
