import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OutboxRecord } from '../../src/outbox/OutboxRecord.js';
import { shanghai, type PushBot, WEDNESDAY, withPushBot } from '../helpers/pushBot.js';
import { deliveries, ROBOT } from '../helpers/faultBot.js';

/** Wednesday: Monday's 09:00 digest is caught up at start, meeting the faults queued before it. */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WEEK = 'digest:2026-W49';

async function digestTo(t: PushBot, target: string): Promise<OutboxRecord> {
  return (await t.bot.outbox.all()).find((r) => r.id === `${WEEK}:${target}`)!;
}

/** Gives every waiting record its chance, long after any backoff; a record given up stays given up. */
async function muchLater(t: PushBot): Promise<void> {
  t.clock.advance(HOUR);
  await t.settle();
}

describe('a digest to 2 chats and a robot, one failing for good and one for a while', () => {
  it('robot key invalid (93000), chatA busy on its second part: the robot is given up, chatA resumes at that part', async () => {
    const faults = {
      // chatA part 1 goes through, part 2 meets -1 on all three tries; chatB is healthy.
      '/cgi-bin/appchat/send': [{ delayMs: 0 }, { errcode: -1 }, { errcode: -1 }, { errcode: -1 }],
      '/cgi-bin/webhook/send': [{ errcode: 93000, errmsg: 'invalid webhook url' }],
    };
    // A month-old ledger: every open item is stale, so the digest needs two app messages.
    await withPushBot({ ledgerCreatedAt: shanghai('2026-11-01T10:00'), faults }, async (t) => {
      assert.deepEqual(
        [await digestTo(t, 'chat:chatA'), await digestTo(t, 'chat:chatB'), await digestTo(t, ROBOT)].map(
          (r) => r.message.parts.length,
        ),
        [2, 2, 1],
      );
      const robot = await digestTo(t, ROBOT);
      assert.equal(robot.state, 'failed');
      assert.match(robot.lastError!, /errcode 93000/);
      const chatA = await digestTo(t, 'chat:chatA');
      assert.deepEqual([chatA.state, chatA.partsSent, chatA.nextAttemptAt], ['pending', 1, WEDNESDAY + MINUTE]);
      assert.equal((await digestTo(t, 'chat:chatB')).state, 'sent');

      await muchLater(t);
      await muchLater(t);
      assert.equal((await digestTo(t, 'chat:chatA')).state, 'sent');
      assert.equal(t.api.callsTo('/cgi-bin/webhook/send').length, 1, 'a permanent error is not retried');
      assert.equal(
        t.api.callsTo('/cgi-bin/appchat/send').length,
        1 + 3 + 2 + 1,
        'chatA 1 and 2 (three tries), chatB 1 and 2, chatA 2 again',
      );
      assert.deepEqual(await deliveries(t), [
        `${WEEK} → chat:chatA 1/2`,
        `${WEEK} → chat:chatA 2/2`,
        `${WEEK} → chat:chatB 1/2`,
        `${WEEK} → chat:chatB 2/2`,
      ]);
    });
  });

  it('chatA gone (86003), the robot unreachable three times: chatA is given up, the robot is sent once later', async () => {
    const faults = {
      '/cgi-bin/appchat/send': [{ errcode: 86003, errmsg: 'chat not exist' }],
      '/cgi-bin/webhook/send': [{ reset: true as const }, { reset: true as const }, { reset: true as const }],
    };
    await withPushBot({ faults }, async (t) => {
      const chatA = await digestTo(t, 'chat:chatA');
      assert.equal(chatA.state, 'failed');
      assert.match(chatA.lastError!, /errcode 86003/);
      assert.equal((await digestTo(t, ROBOT)).state, 'pending');
      assert.deepEqual(t.sleeps, [500, 1000], 'only the robot was retried at once');

      await muchLater(t);
      await muchLater(t);
      assert.equal((await digestTo(t, ROBOT)).state, 'sent');
      assert.equal(
        t.api.callsTo('/cgi-bin/appchat/send').filter((c) => c.body.chatid === 'chatA').length,
        1,
        'a permanent error is not retried',
      );
      assert.deepEqual(await deliveries(t), [`${WEEK} → chat:chatB 1/1`, `${WEEK} → ${ROBOT} 1/1`]);
    });
  });
});
