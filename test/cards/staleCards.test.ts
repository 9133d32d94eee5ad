import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { cardsTo, click } from './cardClicks.js';

const DAY = 86_400_000;
let t: TestBot;
before(async () => (t = await startTestBot()));
after(() => t.stop());

test('the weekly reminder is a card per officer with a button per idle item that answers with its view', async () => {
  await t.say(ADMIN, '指派 21 li');
  await t.say(ADMIN, '指派 23 li');
  t.clock.advance(17 * DAY);
  await t.bot.scheduler.digestDue(t.clock.now());
  const [card] = (await cardsTo(t, 'li')).filter((c) => c.main_title.title === '整改事项催办');
  assert.equal(card.main_title.desc, '2 项已 14 天以上没有进展');
  assert.deepEqual(
    card.button_list.map((b: any) => [b.text, b.key]),
    [
      ['查看21', 'view:21'],
      ['查看23', 'view:23'],
    ],
  );
  assert.match((await click(t, 'li', card.task_id, 'view:23')).text, /^【第23项】/);
  // A key the card does not carry shows nothing, whatever item it names.
  assert.match((await click(t, 'li', card.task_id, 'view:24')).text, /已不再使用/);
});
