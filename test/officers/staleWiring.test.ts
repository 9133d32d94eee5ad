import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';

const DAY = 86_400_000;
let t: TestBot;
before(async () => (t = await startTestBot()));
after(() => t.stop());

const remindersTo = (userId: string) =>
  t.api
    .callsTo('/cgi-bin/message/send')
    .filter((c) => c.body?.touser === userId && /14 天|没有进展|未更新/.test(JSON.stringify(c.body)));

test('the weekly run reminds an idle officer privately, once per week, through the running bot', async () => {
  assert.match(await t.say(ADMIN, '指派 21 li'), /已将第21项指派给 li/);
  await t.bot.sender.kick();
  // Friday 2026-11-27 → Monday 2026-12-14 10:00 in Shanghai: 17 idle days, past the Monday 09:00 digest time.
  t.clock.advance(17 * DAY);
  await t.bot.scheduler.digestDue(t.clock.now());
  await t.bot.scheduler.digestDue(t.clock.now());
  await t.bot.sender.kick();
  assert.equal(remindersTo('li').length, 1, JSON.stringify(t.api.callsTo('/cgi-bin/message/send').map((c) => c.body)));
  assert.match(JSON.stringify(remindersTo('li')[0]!.body), /第?21/);
});
