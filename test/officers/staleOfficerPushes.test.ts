import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { staleOfficerPushes } from '../../src/officers/staleOfficerPushes.js';
import { ADMIN, START_MS, startTestBot, type TestBot } from '../helpers/testBot.js';
import { noticesTo } from '../helpers/workflowHelpers.js';

const DAY = 24 * 60 * 60_000;
const ZONE = 'Asia/Shanghai';

let t: TestBot;
before(async () => {
  t = await startTestBot();
  await t.say(ADMIN, '指派 21 officer1'); // 阶段性完成并需长期坚持, never touched again
  await t.say(ADMIN, '指派 28 OFFICER1'); // the same member, written differently
  await t.say(ADMIN, '指派 23 officer1'); // gets an update later
  await t.say(ADMIN, '指派 20 officer1'); // 已完成整改
  await t.say(ADMIN, '指派 24 officer2');
  await t.say('officer2', '完成 24 已整改'); // 待销号: waiting on the admins, not the officer
  await t.say(ADMIN, '指派 25 officer2');
  await t.say(ADMIN, '退回 25 问题反弹'); // 已完成整改 → 整改中
  t.clock.advance(10 * DAY);
  await t.say('officer1', '进度 23 推进中');
});
after(() => t.stop());

/** Who is reminded of which items, by user. */
const stale = (at: number) =>
  staleOfficerPushes(t.bot.ledgers, at, ZONE)
    .map((p) => ({
      user: p.target.kind === 'user' ? p.target.userId.toLowerCase() : '',
      items: [...p.message.parts.join('\n').matchAll(/^- (\d+)\./gm)].map((m) => Number(m[1])),
    }))
    .sort((a, b) => a.user.localeCompare(b.user));

test('nobody is reminded before 14 days without activity', () => {
  assert.deepEqual(stale(START_MS + 14 * DAY - 60_000), []);
});

test('at 14 days each officer gets one reminder listing their open, idle items', () => {
  assert.deepEqual(stale(START_MS + 14 * DAY), [
    { user: 'officer1', items: [21, 28] },
    { user: 'officer2', items: [25] },
  ]);
});

test('the push is a private markdown message keyed by the ISO week in the ledger’s zone', () => {
  const [push] = staleOfficerPushes(t.bot.ledgers, START_MS + 14 * DAY, ZONE);
  assert.equal(push?.kind, 'stale');
  assert.equal(push?.period, '2026-W50');
  assert.deepEqual(push?.target, { kind: 'user', userId: 'officer1' });
  assert.equal(push?.message.msgtype, 'markdown');
  assert.match(push!.message.parts[0]!, /你负责的以下 2 项已 14 天以上没有进展/);
  assert.match(push!.message.parts[0]!, /- 21\.【阶段性完成并需长期坚持】.+（14 天）/);
  // Monday 01:00 in Shanghai is still Sunday in UTC: the week follows the ledger, not the machine.
  const mondayEarly = Date.UTC(2026, 11, 13, 17, 0);
  assert.equal(staleOfficerPushes(t.bot.ledgers, mondayEarly, ZONE)[0]?.period, '2026-W51');
  assert.equal(staleOfficerPushes(t.bot.ledgers, mondayEarly, 'UTC')[0]?.period, '2026-W50');
});

test('queued twice in one week, a reminder reaches the officer once', async () => {
  const now = START_MS + 15 * DAY;
  assert.equal((await t.bot.outbox.enqueue(staleOfficerPushes(t.bot.ledgers, now, ZONE))).length, 2);
  assert.equal((await t.bot.outbox.enqueue(staleOfficerPushes(t.bot.ledgers, now + DAY, ZONE))).length, 0);
  const reminders = (await noticesTo(t, 'officer1')).filter((n) => n.startsWith('整改事项催办'));
  assert.equal(reminders.length, 1);
});

test('any activity on an item, by anyone, restarts its count', async () => {
  t.clock.ms = START_MS + 16 * DAY;
  await t.say(ADMIN, '进度 21 督办中');
  assert.deepEqual(stale(START_MS + 16 * DAY), [
    { user: 'officer1', items: [28] },
    { user: 'officer2', items: [25] },
  ]);
});
