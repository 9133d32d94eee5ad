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
      env: { WECOM_ADMINS: ADMIN, WECOM_CHAT_IDS: '', WECOM_ROBOT_KEYS: '' },
    })),
);
after(() => t.stop());

interface Case {
  name: string;
  faults: Fault[];
  /** The client gives up on the faults and the outbox retries the notice after its backoff. */
  backsOff?: true;
  /** An item still open in the bundled report, so 完成 applies to it. */
  no: number;
}

const cases: Case[] = [
  { name: 'HTTP 500, then success', faults: [{ http: 500 }], no: 30 },
  { name: 'a reset connection, then success', faults: [{ reset: true }], no: 31 },
  { name: 'a hang past the client timeout, then success', faults: [{ hang: true }], no: 32 },
  {
    name: '-1 three times, then success after the backoff window',
    faults: [{ errcode: -1 }, { errcode: -1 }, { errcode: -1 }],
    backsOff: true,
    no: 35,
  },
];

/** Lets the sender run; a notice that backs off waits a minute on the injected clock, the others do not wait for it. */
async function deliverAll({ backsOff }: Case): Promise<void> {
  await t.settle();
  if (!backsOff) return;
  assert.equal((await t.bot.outbox.pending(t.clock.now() + MINUTE)).length, 1, 'one notice waits out its backoff');
  t.clock.advance(MINUTE);
  await t.settle();
}

describe('officer and admin notices under WeCom faults go out exactly once each', () => {
  for (const c of cases) {
    const { faults, no } = c;
    it(c.name, async () => {
      await t.settle();
      const since = t.api.calls.length;
      const assigned = nextMsgId();
      t.api.inject(SEND, faults);
      assert.match(
        await t.say(ADMIN, `指派 ${no} zhangsan,lisi 河道办`, assigned),
        new RegExp(`^已将第${no}项指派给 zhangsan、lisi`),
      );
      await deliverAll(c);

      const completed = nextMsgId();
      t.api.inject(SEND, faults);
      assert.match(await t.say('zhangsan', `完成 ${no} 已整改到位`, completed), new RegExp(`^第${no}项已申请销号`));
      await deliverAll(c);

      const sends = t.api.calls.slice(since).filter((call) => call.path === SEND);
      assert.equal(sends.filter((s) => s.fault).length, 2 * faults.length, 'each notice met the faults');
      for (const failed of sends.filter((s) => s.fault)) {
        // Whatever WeCom made of the failed request, the resend is one its duplicate check drops.
        const resent = sends.slice(sends.indexOf(failed) + 1).find((s) => s.body.touser === failed.body.touser)!;
        assert.deepEqual(resent.body, failed.body);
        assert.equal(resent.body.enable_duplicate_check, 1);
      }
      assert.deepEqual(await t.bot.outbox.pending(Infinity), [], 'nothing left waiting');
      assert.deepEqual(await deliveries(t, since), [
        `notice:assign:${assigned}:${no} → user:lisi 1/1`,
        `notice:assign:${assigned}:${no} → user:zhangsan 1/1`,
        `notice:complete:${completed}:${no} → user:${ADMIN} 1/1`,
      ]);
    });
  }

  it('a recipient WeCom refuses for good (81013): that notice is given up, the others go once, the admins are told', async () => {
    await t.settle();
    const since = t.api.calls.length;
    const assigned = nextMsgId();
    t.api.inject(SEND, [{ errcode: 81013, errmsg: 'user & party & tag all invalid' }]);
    assert.match(await t.say(ADMIN, '指派 36 zhangsan,lisi', assigned), /^已将第36项指派给 zhangsan、lisi/);
    await t.settle();
    const completed = nextMsgId();
    assert.match(await t.say('lisi', '完成 36 已整改到位', completed), /^第36项已申请销号/);
    t.clock.advance(60 * MINUTE);
    await t.settle();

    const refused = (await t.bot.outbox.record('notice', `assign:${assigned}:36`, {
      kind: 'user',
      userId: 'zhangsan',
    }))!;
    assert.equal(refused.state, 'failed');
    assert.equal(
      t.api.calls.slice(since).filter((c) => c.path === SEND && c.body.touser === 'zhangsan').length,
      1,
      'not retried',
    );
    assert.ok(
      t.logs.some((l) => l.includes('"level":50') && l.includes('可见范围')),
      'the operator is told what to check',
    );
    assert.deepEqual(await deliveries(t, since), [
      `notice:assign:${assigned}:36 → user:lisi 1/1`,
      `notice:complete:${completed}:36 → user:${ADMIN} 1/1`,
      `notice:refused:zhangsan → user:${ADMIN} 1/1`,
    ]);
    const told = t.delivered(SEND).find((c) => c.body.touser === ADMIN && /^成员/.test(c.body.text?.content));
    assert.match(told!.body.text.content, /^成员 zhangsan 收不到机器人的消息（企业微信错误 81013）/);
  });

  it('a member refused again is not told to the admins again', async () => {
    await t.settle();
    const since = t.api.calls.length;
    t.api.inject(SEND, [{ errcode: 81013, errmsg: 'user & party & tag all invalid' }]);
    const assigned = nextMsgId();
    assert.match(await t.say(ADMIN, '指派 37 zhangsan', assigned), /^已将第37项指派给 zhangsan/);
    await t.settle();
    assert.equal(
      (await t.bot.outbox.record('notice', `assign:${assigned}:37`, { kind: 'user', userId: 'zhangsan' }))!.state,
      'failed',
    );
    assert.deepEqual(await deliveries(t, since), []);
  });
});
