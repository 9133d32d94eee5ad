import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Fault } from '../helpers/fakeWeComApi.js';
import { ADMIN, nextMsgId } from '../helpers/testBot.js';
import { shanghai } from '../helpers/pushBot.js';
import { deliveries, startFaultBot, type FaultBot } from '../helpers/faultBot.js';

const MINUTE = 60_000;
const SEND = '/cgi-bin/message/send';

let t: FaultBot;
before(
  async () =>
    (t = await startFaultBot({
      now: shanghai('2026-12-02T10:00'),
      timeoutMs: 1_000,
      replyBudgetMs: 50,
      env: { WECOM_ADMINS: ADMIN, WECOM_CHAT_IDS: '', WECOM_ROBOT_KEYS: '' },
    })),
);
after(() => t.stop());

/** Queues `faults` on message/send, then a reply to 进度 `no` that misses the window. */
async function lateReplyMeeting(faults: Fault[], no: number) {
  await t.settle();
  const since = t.api.calls.length;
  const sleeps = t.sleeps.length;
  const msgId = nextMsgId();
  t.api.inject(SEND, faults);
  await t.sayLate(ADMIN, `进度 ${no} 故障期间的进展`, msgId);
  await t.settle();
  const record = async () => (await t.bot.outbox.record('reply', `msg:${msgId}`, { kind: 'user', userId: ADMIN }))!;
  return {
    record,
    sends: () => t.api.calls.slice(since).filter((c) => c.path === SEND),
    sleeps: () => t.sleeps.slice(sleeps),
    deliveries: () => deliveries(t, since),
    /** The reply arrived once, with the answer the passive reply would have carried, and nothing else went out. */
    async assertDeliveredOnce() {
      assert.deepEqual(await deliveries(t, since), [`reply:msg:${msgId} → user:${ADMIN} 1/1`]);
      assert.match(t.delivered(SEND).at(-1)!.body.text.content, new RegExp(`^已登记第${no}项进展：\\n故障期间的进展`));
      assert.equal((await record()).state, 'sent');
    },
  };
}

describe('a late reply under WeCom faults reaches its user exactly once', () => {
  const retriedAtOnce: Array<[string, Fault, number]> = [
    ['HTTP 500, then success', { http: 500 }, 20],
    ['a reset connection, then success', { reset: true }, 21],
    ['a hang past the client timeout, then success', { hang: true }, 22],
  ];
  for (const [name, fault, no] of retriedAtOnce) {
    it(name, async () => {
      const r = await lateReplyMeeting([fault], no);
      const [failed, resent] = r.sends();
      assert.equal(r.sends().length, 2);
      assert.deepEqual(failed!.fault, fault);
      // WeCom may have acted on the failed request: the resend must be one its duplicate check drops.
      assert.deepEqual(resent!.body, failed!.body);
      assert.equal(resent!.body.enable_duplicate_check, 1);
      assert.deepEqual(r.sleeps(), [500]);
      await r.assertDeliveredOnce();
    });
  }

  it('-1 three times: the record waits out its backoff on the injected clock, then goes once', async () => {
    const r = await lateReplyMeeting([{ errcode: -1 }, { errcode: -1 }, { errcode: -1 }], 23);
    assert.equal(r.sends().length, 3);
    assert.deepEqual(r.sleeps(), [500, 1000]);
    assert.equal((await r.record()).state, 'pending');
    assert.equal((await r.record()).nextAttemptAt, t.clock.now() + MINUTE);
    assert.deepEqual(await r.deliveries(), []);

    t.clock.advance(MINUTE - 1);
    await t.settle();
    assert.equal(r.sends().length, 3, 'not before its time');
    t.clock.advance(1);
    await t.settle();
    assert.equal(r.sends().length, 4);
    await r.assertDeliveredOnce();
  });
});
