import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, nextMsgId } from '../helpers/testBot.js';
import { shanghai } from '../helpers/pushBot.js';
import { deliveries, ROBOT, startFaultBot } from '../helpers/faultBot.js';

const TIMEOUT_MS = 250;
/** Far above what a 进度 query or update takes (a few ms); a late answer is one held on the disk past it. */
const REPLY_BUDGET_MS = 400;
const MINUTE = 60_000;
const CALLBACKS = 50;
const SEND_PATHS = ['/cgi-bin/message/send', '/cgi-bin/appchat/send', '/cgi-bin/webhook/send'];
const hangs = (n: number) => Array.from({ length: n }, () => ({ hang: true as const }));

test('while every WeCom API path hangs, the callback keeps answering and nothing is lost or doubled', async () => {
  // Monday before the 09:00 digest, so nothing is due until the test says so.
  const t = await startFaultBot({
    now: shanghai('2026-11-30T08:30'),
    timeoutMs: TIMEOUT_MS,
    replyBudgetMs: REPLY_BUDGET_MS,
    env: { WECOM_ADMINS: ADMIN },
  });
  try {
    assert.equal((await t.bot.outbox.all()).length, 0);
    // Three tries per record and every try hangs: chatA on the token, chatB (token then answered) on
    // appchat/send, the robot on webhook/send, each of the 2 late replies on message/send.
    t.api.inject('/cgi-bin/gettoken', hangs(3));
    t.api.inject('/cgi-bin/appchat/send', hangs(3));
    t.api.inject('/cgi-bin/webhook/send', hangs(3));
    t.api.inject('/cgi-bin/message/send', hangs(6));

    t.clock.ms = shanghai('2026-11-30T09:00');
    assert.equal((await t.bot.scheduler.digestDue(t.clock.now())).length, 3);
    const firstPass = t.bot.sender.kick();
    let firstPassOver = false;
    void firstPass.then(() => (firstPassOver = true));
    const late = [nextMsgId(), nextMsgId()];
    await t.sayLate(ADMIN, '进度 20 挂起期间登记的进展', late[0]);
    await t.sayLate(ADMIN, '进度 21 挂起期间登记的进展', late[1]);

    // Queries, and every tenth an update: neither a read nor a write of the ledger waits on WeCom.
    for (let no = 1; no <= CALLBACKS; no++) {
      if (no % 10 === 0)
        assert.match(await t.say(ADMIN, `进度 ${no} 挂起期间的第${no / 10}次登记`), new RegExp(`^已登记第${no}项进展`));
      else assert.match(await t.say('viewer', `进度 ${no}`), new RegExp(`^【第${no}项】`), `进度 ${no}`);
    }
    const health = await fetch(`${t.bot.url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');

    assert.ok(!firstPassOver, 'the callbacks were answered while the sender still waited on the hung API');
    const sends = t.api.calls.filter((c) => SEND_PATHS.includes(c.path));
    assert.ok(t.api.calls.length > 0 && sends.every((c) => c.fault && 'hang' in c.fault), 'every send so far hung');
    assert.deepEqual(await deliveries(t), []);

    await firstPass;
    // Every try timed out, whether or not it reached the fake: under load a request can still be
    // unsent when the client's timer fires, and its hang then waits for the next try on that path.
    const outbox = await t.bot.outbox.all();
    assert.deepEqual(
      outbox.map((r) => [r.state, r.attempts, r.nextAttemptAt, r.lastError?.includes('timed out')]),
      outbox.map(() => ['pending', 1, t.clock.now() + MINUTE, true]),
      'every record waits; none was given up',
    );
    assert.deepEqual(await deliveries(t), []);

    // After the outage: wake the sender at each record's retry time until everything is out. A
    // hang left over by an unsent try costs that record one more backoff, never a message.
    for (let round = 0; round < 5 && (await t.bot.outbox.nextWake()) !== undefined; round++) {
      t.clock.ms = (await t.bot.outbox.nextWake())!;
      await t.settle();
    }
    assert.ok((await t.bot.outbox.all()).every((r) => r.state === 'sent'));
    // A success on a path means its queue of hangs was empty by then, so every hang was met.
    assert.equal(t.api.calls.filter((c) => c.fault).length, 15, 'every injected hang was met');
    assert.deepEqual(await deliveries(t), [
      'digest:2026-W49 → chat:chatA 1/1',
      'digest:2026-W49 → chat:chatB 1/1',
      `digest:2026-W49 → ${ROBOT} 1/1`,
      `reply:msg:${late[0]} → user:${ADMIN} 1/1`,
      `reply:msg:${late[1]} → user:${ADMIN} 1/1`,
    ]);
  } finally {
    await t.stop();
  }
});
