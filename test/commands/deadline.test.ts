import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, nextMsgId, startTestBot, type TestBot } from '../helpers/testBot.js';
import { assertNothingStored } from '../helpers/workflowHelpers.js';

const DAY = 86_400_000;

let t: TestBot;
before(async () => (t = await startTestBot())); // 2026-11-27 10:00 in Shanghai
after(() => t.stop());

test('an admin sets a deadline in any common form; 进度 shows it and the days left', async () => {
  assert.equal(await t.say(ADMIN, '时限 21 2026/12/31'), '已将第21项的整改时限设为 2026-12-31（剩 34 天）。');
  assert.match(await t.say(ADMIN, '进度 21'), /\n整改时限：2026-12-31（剩 34 天）\n/);
  assert.equal(await t.say(ADMIN, '时限 第22项 12月底'), '已将第22项的整改时限设为 2026-12-31（12月底）（剩 34 天）。');
  assert.match(await t.say(ADMIN, '时限 23 2026年11月27日'), /2026-11-27（今天到期）。$/);
});

test('the days follow the clock in the ledger’s zone: today, then overdue', async () => {
  assert.match(await t.say('anyone', '进度 23'), /整改时限：2026-11-27（今天到期）/);
  t.clock.advance(14 * 3_600_000); // 2026-11-28 00:00 in Shanghai, still the 27th in UTC
  assert.match(await t.say('anyone', '进度 23'), /整改时限：2026-11-27（逾期 1 天）/);
  assert.match(await t.say('anyone', '进度 21'), /整改时限：2026-12-31（剩 33 天）/);
  t.clock.advance(-14 * 3_600_000);
});

test('a past date is accepted with a clear warning; 长期 and 取消 are recorded too', async () => {
  const reply = await t.say(ADMIN, '时限 24 2026-11-20');
  assert.match(reply, /^已将第24项的整改时限设为 2026-11-20（逾期 7 天）。\n注意：这个日期已经过去，该项即显示为逾期/);
  assert.match(await t.say(ADMIN, '时限 24 长期'), /^已将第24项标为长期坚持，不设完成日期（原为2026-11-20）。$/);
  assert.match(await t.say('anyone', '进度 24'), /\n整改时限：长期\n/);
  assert.equal(await t.say(ADMIN, '时限 24 取消'), '已取消第24项的整改时限（原为长期）。');
  assert.doesNotMatch(await t.say('anyone', '进度 24'), /整改时限/);
});

test('历史 records every deadline change with who and old → new', async () => {
  const lines = (await t.say('anyone', '历史 24')).split('\n');
  assert.match(lines[1]!, /admin1 时限：长期 → 未设$/);
  assert.match(lines[2]!, /admin1 时限：2026-11-20 → 长期$/);
  assert.match(lines[3]!, /admin1 时限：未设 → 2026-11-20$/);
});

test('refusals say what works and store nothing', async () => {
  await assertNothingStored(t, async () => {
    assert.match(await t.say('officer9', '时限 21 2026-12-31'), /管理员/);
    const unreadable = await t.say(ADMIN, '时限 21 尽快');
    assert.match(unreadable, /^「尽快」读不出日期。\n例如：时限 21 2026-12-31。可写：2026-12-31、.*12月底.*「长期」/);
    assert.match(await t.say(ADMIN, '时限 21 2026-02-30'), /读不出日期/);
    assert.match(await t.say(ADMIN, '时限 21 2062-12-31'), /2062 年看起来不对/);
    assert.match(await t.say(ADMIN, '时限 20 2026-12-31'), /^第20项已完成整改，无需设时限。.*退回 20 原因/);
    assert.equal(await t.say(ADMIN, '时限 21 2026年12月31日'), '第21项的整改时限已是2026-12-31，没有改动。');
    assert.match(await t.say(ADMIN, '时限 21'), /^第21项的整改时限：2026-12-31。\n例如：时限 21 2026-12-31/);
    assert.match(await t.say(ADMIN, '时限 99 2026-12-31'), /没有第 99 项/);
    assert.match(await t.say(ADMIN, '时限 明天'), /请在「时限」后写事项编号/);
  });
});

test('a retried message sets the deadline once', async () => {
  const msgId = nextMsgId();
  const first = await t.say(ADMIN, '时限 28 2027-01-31', msgId);
  assert.match(first, /^已将第28项的整改时限设为 2027-01-31/);
  await t.restart();
  assert.match(await t.say(ADMIN, '时限 28 2027-01-31', msgId), /没有改动|已登记过/);
  assert.equal((await t.say('anyone', '历史 28')).match(/时限：/g)?.length, 1);
});

test('我的 puts overdue items first, then the nearest deadline, then the rest, with the days', async () => {
  await t.say(ADMIN, '指派 21 li');
  await t.say(ADMIN, '指派 22 li');
  await t.say(ADMIN, '指派 23 li');
  await t.say(ADMIN, '指派 26 li');
  await t.say(ADMIN, '时限 22 2026-12-05');
  t.clock.advance(2 * DAY);
  const lines = (await t.say('li', '我的')).split('\n');
  assert.match(lines[1]!, /^23\..+（逾期 2 天，2 天未更新）$/);
  assert.match(lines[2]!, /^22\..+（剩 6 天，2 天未更新）$/);
  assert.match(lines[3]!, /^21\..+（剩 32 天，2 天未更新）$/);
  assert.match(lines[4]!, /^26\.【[^】]+】[^（]+（2 天未更新）$/);
});
