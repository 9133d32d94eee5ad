import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutboxRecord } from '../../src/outbox/OutboxRecord.js';
import { countReceived, ROBOT_KEY, type PushBot, WEDNESDAY, withPushBot } from '../helpers/pushBot.js';

/** Wednesday: Monday's 09:00 digest is caught up at start, one part per target (nothing is stale yet). */
const DIGEST = '巡察整改周报 · 2026年第49周';
const EVERY_TARGET_ONCE = { chatA: 1, chatB: 1, robot: 1 };
const MINUTE = 60_000;

async function digestTo(t: PushBot, target: string): Promise<OutboxRecord> {
  return (await t.bot.outbox.all()).find((r) => r.kind === 'digest' && r.id.endsWith(target))!;
}

function chatCalls(t: PushBot, chatId: string) {
  return t.api.callsTo('/cgi-bin/appchat/send').filter((c) => c.body.chatid === chatId);
}

describe('OutboxSender against WeCom faults', () => {
  it('42001: the token is fetched again once and the message delivered once', async () => {
    await withPushBot({ faults: { '/cgi-bin/appchat/send': [{ expireToken: true }] } }, async (t) => {
      assert.equal(t.api.callsTo('/cgi-bin/gettoken').length, 2);
      const [expired, retried] = chatCalls(t, 'chatA');
      assert.notEqual(retried!.query.access_token, expired!.query.access_token);
      assert.deepEqual(countReceived(t, DIGEST), EVERY_TARGET_ONCE);
      assert.equal((await digestTo(t, 'chat:chatA')).state, 'sent');
    });
  });

  it('-1 three times: three tries with backoff, then the record waits and later goes out once', async () => {
    await withPushBot(
      { faults: { '/cgi-bin/appchat/send': [{ errcode: -1 }, { errcode: -1 }, { errcode: -1 }] } },
      async (t) => {
        assert.equal(chatCalls(t, 'chatA').length, 3);
        assert.deepEqual(t.sleeps, [500, 1000]);
        const waiting = await digestTo(t, 'chat:chatA');
        assert.equal(waiting.state, 'pending');
        assert.equal(waiting.nextAttemptAt, WEDNESDAY + MINUTE);
        assert.match(waiting.lastError!, /errcode -1/);
        assert.deepEqual(countReceived(t, DIGEST), { chatB: 1, robot: 1 }, 'the other targets do not wait for it');

        t.clock.advance(MINUTE - 1);
        await t.settle();
        assert.equal(chatCalls(t, 'chatA').length, 3, 'not before its time');
        t.clock.advance(1);
        await t.settle();
        assert.deepEqual(countReceived(t, DIGEST), EVERY_TARGET_ONCE);
      },
    );
  });

  it('45009: no hot retry; the app waits minutes while the robot, limited separately, goes on', async () => {
    await withPushBot({ faults: { '/cgi-bin/appchat/send': [{ errcode: 45009 }] } }, async (t) => {
      assert.equal(chatCalls(t, 'chatA').length, 1);
      assert.deepEqual(t.sleeps, []);
      for (const chat of ['chat:chatA', 'chat:chatB'])
        assert.equal((await digestTo(t, chat)).nextAttemptAt, WEDNESDAY + 5 * MINUTE, chat);
      assert.deepEqual(countReceived(t, DIGEST), { robot: 1 });

      t.clock.advance(5 * MINUTE - 1);
      await t.settle();
      assert.equal(t.api.callsTo('/cgi-bin/appchat/send').length, 1);
      t.clock.advance(1);
      await t.settle();
      assert.deepEqual(countReceived(t, DIGEST), EVERY_TARGET_ONCE);
    });
  });

  it('a timeout is retried; message/send repeats the same body with the duplicate check on', async () => {
    await withPushBot(
      {
        timeoutMs: 1_000,
        env: { WECOM_CHAT_IDS: '', WECOM_ROBOT_KEYS: '' },
        faults: { '/cgi-bin/message/send': [{ hang: true }] },
      },
      async (t) => {
        await t.bot.outbox.enqueue([
          {
            kind: 'notice',
            period: 'item-3-closing',
            target: { kind: 'user', userId: 'lisi' },
            message: { msgtype: 'text', parts: ['第3项已提交销号'] },
          },
        ]);
        await t.settle();
        const [hung, retried] = t.api.callsTo('/cgi-bin/message/send');
        assert.deepEqual(retried!.body, hung!.body);
        assert.equal(hung!.body.enable_duplicate_check, 1);
        assert.equal(hung!.body.duplicate_check_interval, 1800);
        assert.deepEqual(t.sleeps, [500]);
        assert.equal((await t.bot.outbox.all())[0]!.state, 'sent');
      },
    );
  });

  it('a timeout on appchat/send costs at most one extra delivery of that part', async () => {
    await withPushBot({ timeoutMs: 1_000, faults: { '/cgi-bin/appchat/send': [{ hang: true }] } }, async (t) => {
      const calls = chatCalls(t, 'chatA');
      assert.equal(calls.length, 2, 'the request that timed out may have arrived: WeCom has no duplicate check here');
      assert.deepEqual(calls[1]!.body, calls[0]!.body);
      assert.deepEqual(countReceived(t, DIGEST), EVERY_TARGET_ONCE, 'plus the one that timed out');
      assert.equal((await digestTo(t, 'chat:chatA')).state, 'sent');
    });
  });

  it('40001: no retry, the record fails, the log tells the operator what to fix and not the secret', async () => {
    const secret = 'wrong-secret-0123456789';
    await withPushBot({ env: { WECOM_SECRET: secret } }, async (t) => {
      assert.equal(t.api.callsTo('/cgi-bin/gettoken').length, 2, 'one try per chat record, none repeated');
      assert.equal(t.api.callsTo('/cgi-bin/appchat/send').length, 0);
      assert.deepEqual(t.sleeps, []);
      for (const chat of ['chat:chatA', 'chat:chatB']) assert.equal((await digestTo(t, chat)).state, 'failed');
      assert.deepEqual(countReceived(t, DIGEST), { robot: 1 }, 'robots need no token');
      const hints = t.logs.filter((l) => l.includes('"level":50') && l.includes('WECOM_SECRET'));
      assert.equal(hints.length, 2);
      assert.ok(!t.logs.join('\n').includes(secret));
      assert.ok(!(await readFile(path.join(t.dataDir, 'db.json'), 'utf8')).includes(secret));
    });
  });

  it('a restart resumes pending records and sends each once', async () => {
    await withPushBot(
      { faults: { '/cgi-bin/appchat/send': [{ errcode: -1 }, { errcode: -1 }, { errcode: -1 }] } },
      async (t) => {
        assert.equal((await digestTo(t, 'chat:chatA')).state, 'pending');
        t.clock.advance(MINUTE);
        await t.restart();
        await t.settle();
        assert.equal((await digestTo(t, 'chat:chatA')).state, 'sent');
        assert.deepEqual(countReceived(t, DIGEST), EVERY_TARGET_ONCE);
      },
    );
  });
});

describe('Outbox', () => {
  it('refuses a push with nothing to send, which could never be marked sent', async () => {
    await withPushBot({ env: { WECOM_CHAT_IDS: '', WECOM_ROBOT_KEYS: '' } }, async (t) => {
      await assert.rejects(
        t.bot.outbox.enqueue([
          {
            kind: 'notice',
            period: 'p',
            target: { kind: 'user', userId: 'lisi' },
            message: { msgtype: 'text', parts: [] },
          },
        ]),
        /no content/,
      );
      assert.equal((await t.bot.outbox.all()).length, 0);
    });
  });
});

describe('robot keys', () => {
  it('never reach db.json or the log, and reordering them sends nothing twice', async () => {
    await withPushBot({}, async (t) => {
      const robot = (await t.bot.outbox.all()).find((r) => r.target.kind === 'robot')!;
      assert.match(JSON.stringify(robot.target), /^\{"kind":"robot","keyId":"1-[0-9a-f]{8}"\}$/);
      assert.ok(!(await readFile(path.join(t.dataDir, 'db.json'), 'utf8')).includes(ROBOT_KEY));
      assert.ok(!t.logs.join('\n').includes(ROBOT_KEY));

      await t.restart({ WECOM_ROBOT_KEYS: `second-robot-key,${ROBOT_KEY}` });
      await t.settle();
      assert.deepEqual(countReceived(t, DIGEST), { ...EVERY_TARGET_ONCE, 'robot second-robot-key': 1 });
    });
  });

  it('a pending record whose key was removed from the configuration fails without naming the key', async () => {
    await withPushBot(
      { faults: { '/cgi-bin/webhook/send': [{ errcode: -1 }, { errcode: -1 }, { errcode: -1 }] } },
      async (t) => {
        t.clock.advance(MINUTE);
        await t.restart({ WECOM_ROBOT_KEYS: '' });
        await t.settle();
        const robot = (await t.bot.outbox.all()).find((r) => r.target.kind === 'robot')!;
        assert.equal(robot.state, 'failed');
        assert.match(robot.lastError!, /no longer configured/);
        assert.ok(!robot.lastError!.includes(ROBOT_KEY));
      },
    );
  });
});
