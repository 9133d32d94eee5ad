import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { noticesTo } from '../helpers/workflowHelpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let t: TestBot;
before(async () => {
  t = await startTestBot(); // Friday 2026-11-27 10:00 in Shanghai; REMINDER_TIME 09:00
  await t.say(ADMIN, '指派 21 li');
  await t.say(ADMIN, '时限 21 2026-12-10'); // 13 days off
  await t.say(ADMIN, '指派 22 wang,zhao');
  await t.say(ADMIN, '时限 22 2026-12-03'); // 6 days off: due for a warning at once
  await t.say(ADMIN, '指派 23 li');
  await t.say(ADMIN, '时限 23 2026-11-30');
  await t.say('li', '完成 23 已整改'); // 待销号: waits on the admins, so no reminders
  await t.say(ADMIN, '指派 24 li'); // no deadline: never reminded
});
after(() => t.stop());

/** Deadline reminders delivered to `userId`, oldest first. */
const reminders = async (userId: string) => (await noticesTo(t, userId)).filter((n) => /整改(时限|逾期)提醒/.test(n));

/** The daily run, twice, as a cron that fires twice would. */
async function daily(): Promise<void> {
  await t.bot.scheduler.dailyDue(t.clock.now());
  await t.bot.scheduler.dailyDue(t.clock.now());
}

test('an item within DEADLINE_WARN_DAYS warns each of its officers once; nothing for 待销号 or no deadline', async () => {
  await daily();
  const wang = await reminders('wang');
  assert.equal(wang.length, 1);
  assert.match(wang[0]!, /^\*\*整改时限提醒\*\*\n你负责的第22项整改时限为 2026-12-03（剩 6 天）：\n/);
  assert.match(wang[0]!, /「进度 22 说明」/);
  assert.deepEqual(
    (await reminders('zhao')).map((n) => n.split('\n')[1]),
    ['你负责的第22项整改时限为 2026-12-03（剩 6 天）：'],
  );
});

test('a restart sends nothing again; the next warning comes when its day arrives', async () => {
  await t.restart(); // the start's catch-up runs the daily job too
  await daily();
  assert.equal((await reminders('wang')).length, 1);
  t.clock.advance(6 * DAY); // 2026-12-03 10:00: item 21 is 7 days off
  await t.restart();
  await daily();
  const li = await reminders('li');
  assert.equal(li.length, 1);
  assert.match(li[0]!, /第21项整改时限为 2026-12-10（剩 7 天）/);
  assert.equal((await reminders('wang')).length, 1, 'due today is still the first warning');
});

test('the day after a deadline passes, once, and only after REMINDER_TIME', async () => {
  t.clock.advance(22 * HOUR); // 2026-12-04 08:00
  await daily();
  assert.equal((await reminders('wang')).length, 1);
  t.clock.advance(90 * 60_000); // 09:30
  await daily();
  await t.restart();
  await daily();
  const wang = await reminders('wang');
  assert.equal(wang.length, 2);
  assert.match(wang[1]!, /^\*\*整改逾期提醒\*\*\n你负责的第22项已超过整改时限 2026-12-03（逾期 1 天）：/);
  assert.equal((await noticesTo(t, 'li')).filter((n) => /第23项|第24项/.test(n) && /提醒/.test(n)).length, 0);
});

test('a moved deadline warns again; a closed item does not', async () => {
  await t.say(ADMIN, '时限 21 2026-12-08');
  await daily();
  const li = (await reminders('li')).filter((n) => n.includes('第21项'));
  assert.equal(li.length, 2);
  assert.match(li[1]!, /2026-12-08（剩 4 天）/);
  await t.say(ADMIN, '销号 23');
  t.clock.advance(7 * DAY);
  await daily();
  assert.equal((await reminders('li')).filter((n) => n.includes('第23项')).length, 0);
});

test('进度, 我的 and the digest show what is overdue and what is due within 7 days', async () => {
  // 2026-12-11 09:30: item 22 overdue 8 days, item 21 (2026-12-08) overdue 3 days.
  await t.say(ADMIN, '时限 24 2026-12-15');
  assert.match(await t.say('li', '进度 22'), /整改时限：2026-12-03（逾期 8 天）/);
  const mine = (await t.say('li', '我的')).split('\n');
  assert.deepEqual(
    mine.slice(1, 3).map((l) => l.match(/^(\d+)\..*（(.+?)，/)?.slice(1, 3)),
    [
      ['21', '逾期 3 天'],
      ['24', '剩 4 天'],
    ],
  );
  assert.match(mine[3]!, /^23\.【已完成整改】[^（]+（\d+ 天未更新）$/);
  const digest = await t.say(ADMIN, '周报');
  assert.match(
    digest,
    /已逾期（2 项）\n· 第22项 .+ · 2026-12-03 逾期 8 天 · 责任人：wang、zhao\n· 第21项 .+ · 2026-12-08 逾期 3 天 · 责任人：li\n/,
  );
  assert.match(digest, /7 天内到期（1 项）\n· 第24项 .+ · 2026-12-15 剩 4 天 · 责任人：li\n/);
  assert.match(digest, /近7天进展.*\n(.*\n)*.*第24项 admin1：整改时限 未设 → 2026-12-15/);
});
