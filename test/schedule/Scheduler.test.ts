import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { ConfigError } from '../../src/config.js';
import type { Push } from '../../src/outbox/Outbox.js';
import { localTime } from '../../src/schedule/localTime.js';
import { digestSections } from '../../src/schedule/digestSections.js';
import { Scheduler } from '../../src/schedule/Scheduler.js';
import { CHATS, countReceived, received, shanghai, startPushBot, type PushBot } from '../helpers/pushBot.js';

const EVERY_TARGET_ONCE = { chatA: 1, chatB: 1, robot: 1 };
const NOWHERE = { chatA: 0, chatB: 0, robot: 0 };
const W49 = '巡察整改周报 · 2026年第49周';
const W50 = '巡察整改周报 · 2026年第50周';

async function withBot(
  options: Parameters<typeof startPushBot>[0],
  body: (t: PushBot) => Promise<void>,
): Promise<void> {
  const t = await startPushBot(options);
  try {
    await body(t);
  } finally {
    await t.stop();
  }
}

async function periods(t: PushBot, kind: string): Promise<string[]> {
  return (await t.bot.outbox.all())
    .filter((r) => r.kind === kind)
    .map((r) => `${r.period} ${r.id.split(':').slice(2).join(':')}`);
}

describe('weekly digest', () => {
  it('cron firing again in the same week adds nothing: one digest per target, each part delivered once', async () => {
    await withBot({ ledgerCreatedAt: shanghai('2026-11-01T10:00'), now: shanghai('2026-11-30T08:59') }, async (t) => {
      await t.settle();
      assert.deepEqual(await periods(t, 'digest'), [], 'Monday 08:59 is before DIGEST_CRON (Monday 09:00)');

      t.clock.ms = shanghai('2026-11-30T09:00');
      assert.equal((await t.bot.scheduler.digestDue(t.clock.now())).length, 3);
      assert.equal((await t.bot.scheduler.digestDue(t.clock.now())).length, 0);
      t.clock.ms = shanghai('2026-12-02T15:00');
      assert.equal((await t.bot.scheduler.digestDue(t.clock.now())).length, 0);
      await t.settle();

      assert.deepEqual(countReceived(t, W49), EVERY_TARGET_ONCE);
      const records = (await t.bot.outbox.all()).filter((r) => r.kind === 'digest');
      assert.ok(records.every((r) => r.state === 'sent' && r.period === '2026-W49'));
      const chat = records.find((r) => r.target.kind === 'chat')!;
      assert.ok(chat.message.parts.length >= 2, 'the stale list of the bundled ledger needs a second app message');
      for (const target of [...CHATS, 'robot']) {
        const got = received(t)[target]!;
        const expected = records.find((r) => (r.target.kind === 'chat' ? r.target.chatId : 'robot') === target)!.message
          .parts;
        assert.deepEqual(got, expected, `${target} got every part once, in order`);
        assert.ok(got.length <= 3);
      }
    });
  });

  it('a restart resumes nothing that was already sent', async () => {
    await withBot({ ledgerCreatedAt: shanghai('2026-11-01T10:00'), now: shanghai('2026-11-30T09:30') }, async (t) => {
      await t.settle();
      const calls = t.api.calls.length;
      await t.restart();
      await t.settle();
      assert.equal(t.api.calls.length, calls);
      assert.deepEqual(countReceived(t, W49), EVERY_TARGET_ONCE);
    });
  });

  it('a run missed while the bot was down is caught up once at start, and only within its week', async () => {
    await withBot({ ledgerCreatedAt: shanghai('2026-11-01T10:00'), now: shanghai('2026-12-02T10:00') }, async (t) => {
      await t.settle();
      assert.deepEqual(countReceived(t, W49), EVERY_TARGET_ONCE, 'Wednesday start: Monday 09:00 was missed');
      assert.match(received(t).chatA![0]!, /统计至 2026-12-02 10:00/);

      await t.restart();
      t.clock.ms = shanghai('2026-12-07T08:00');
      await t.restart();
      await t.settle();
      assert.deepEqual(countReceived(t, W49), EVERY_TARGET_ONCE);
      assert.deepEqual(countReceived(t, W50), { chatA: 0, chatB: 0, robot: 0 }, 'W50 is not due before Monday 09:00');
    });
  });

  it('a week that ended while the bot was down is not caught up', async () => {
    await withBot({ ledgerCreatedAt: shanghai('2026-11-01T10:00'), now: shanghai('2026-12-07T08:30') }, async (t) => {
      await t.settle();
      assert.deepEqual(await periods(t, 'digest'), []);
    });
  });

  it('node-cron fires the job in the configured time zone', async () => {
    // Every second, so a real fire comes within a second; which week it is still comes from the injected clock.
    await withBot(
      {
        ledgerCreatedAt: shanghai('2026-11-01T10:00'),
        now: shanghai('2026-11-29T23:59:59'),
        env: { DIGEST_CRON: '* * * * * *' },
      },
      async (t) => {
        assert.deepEqual(
          (await periods(t, 'digest')).map((p) => p.split(' ')[0]),
          ['2026-W48', '2026-W48', '2026-W48'],
        );
        t.clock.ms = shanghai('2026-11-30T00:00:01');
        const deadline = Date.now() + 5_000;
        while ((await periods(t, 'digest')).length < 6 && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 20));
        assert.deepEqual((await periods(t, 'digest')).map((p) => p.split(' ')[0]).slice(3), [
          '2026-W49',
          '2026-W49',
          '2026-W49',
        ]);
        await t.settle();
      },
    );
  });

  it('reports its next runs in the ledger time zone', async () => {
    await withBot({ now: shanghai('2026-11-30T08:00'), env: { REMINDER_TIME: '07:45' } }, async (t) => {
      const line = t.logs
        .map((l) => JSON.parse(l) as { msg: string; digest?: string; reminders?: string })
        .find((l) => l.msg === 'schedule: next runs')!;
      const digest = localTime(Date.parse(line.digest!), 'Asia/Shanghai');
      assert.equal(digest.time, '09:00');
      assert.equal(new Date(`${digest.date}T00:00:00Z`).getUTCDay(), 1, 'a Monday');
      assert.equal(localTime(Date.parse(line.reminders!), 'Asia/Shanghai').time, '07:45');
    });
  });

  it('runs extra weekly producers when the digest is due, and a repeat adds nothing', async () => {
    await withBot(
      { now: shanghai('2026-11-30T08:00'), env: { WECOM_CHAT_IDS: '', WECOM_ROBOT_KEYS: '' } },
      async (t) => {
        const calls: number[] = [];
        const producer = (now: number): Push[] => {
          calls.push(now);
          return [
            {
              kind: 'stale',
              period: '2026-W49',
              target: { kind: 'user', userId: 'lisi' },
              message: { msgtype: 'text', parts: ['第3项已 20 天未更新'] },
            },
          ];
        };
        const { outbox, ledgers, log } = t.bot;
        const scheduler = new Scheduler({
          outbox,
          sections: () => digestSections(ledgers),
          clock: t.clock.now,
          log,
          timeZone: 'Asia/Shanghai',
          digestCron: '0 9 * * 1',
          reminderTime: '09:00',
          festivals: ['春节'],
          overrides: {},
          targets: [],
          weeklyProducers: [producer],
        });
        assert.deepEqual(await scheduler.digestDue(t.clock.now()), []);
        assert.deepEqual(calls, [], 'not before the digest time');
        t.clock.ms = shanghai('2026-11-30T09:00');
        assert.equal((await scheduler.digestDue(t.clock.now())).length, 1);
        assert.equal((await scheduler.digestDue(t.clock.now())).length, 0);
        assert.equal(calls.length, 2);
        await scheduler.stop();
        await t.settle();
        assert.equal(t.api.callsTo('/cgi-bin/message/send').length, 1);
      },
    );
  });
});

describe('festival reminders', () => {
  const SPRING = '廉洁过春节 · 节前提醒';

  it('go out at REMINDER_TIME on the send date, a make-up Saturday, once per target', async () => {
    await withBot({ now: shanghai('2026-02-14T08:59') }, async (t) => {
      assert.deepEqual(await t.bot.scheduler.remindersDue(t.clock.now()), []);
      t.clock.ms = shanghai('2026-02-14T09:00');
      const added = await t.bot.scheduler.remindersDue(t.clock.now());
      assert.deepEqual(
        added.map((r) => r.period),
        ['春节-2026', '春节-2026', '春节-2026'],
      );
      assert.deepEqual(
        await t.bot.scheduler.remindersDue(t.clock.now()),
        [],
        'the daily job firing again adds nothing',
      );
      await t.settle();
      await t.restart();
      await t.settle();
      assert.deepEqual(countReceived(t, SPRING), EVERY_TARGET_ONCE);
      assert.match(received(t).robot!.find((c) => c.includes(SPRING))!, /放假时间：2026年2月15日至2月23日，共9天/);
    });
  });

  it('中秋 and 国庆 sharing a break get one notice naming both, keyed so an earlier send is not repeated', async () => {
    const BOTH = '廉洁过中秋、国庆 · 节前提醒';
    await withBot({ now: shanghai('2025-09-30T09:30') }, async (t) => {
      await t.settle();
      assert.deepEqual(countReceived(t, BOTH), EVERY_TARGET_ONCE);
      assert.deepEqual(countReceived(t, '廉洁过国庆'), NOWHERE, 'no second notice for the same break');
      assert.match(received(t).chatA!.find((c) => c.includes(BOTH))!, /中秋将至.*国庆将至.*2025年10月1日至10月8日/s);
      assert.deepEqual(
        (await periods(t, 'reminder')).map((p) => p.split(' ')[0]),
        ['中秋-2025', '中秋-2025', '中秋-2025'],
      );
    });
    // A folder where only 国庆's notice went out (FESTIVALS had only 国庆): adding 中秋 sends nothing more.
    await withBot({ now: shanghai('2025-09-30T09:30'), env: { FESTIVALS: '国庆' } }, async (t) => {
      await t.settle();
      assert.deepEqual(countReceived(t, '廉洁过国庆 · 节前提醒'), EVERY_TARGET_ONCE);
      await t.restart({ FESTIVALS: '中秋,国庆' });
      await t.settle();
      assert.deepEqual(countReceived(t, BOTH), NOWHERE);
      assert.deepEqual(countReceived(t, '廉洁过国庆 · 节前提醒'), EVERY_TARGET_ONCE);
    });
  });

  it('a reminder missed while down is caught up at start until its holiday begins', async () => {
    await withBot({ now: shanghai('2026-02-14T20:00') }, async (t) => {
      await t.settle();
      assert.deepEqual(countReceived(t, SPRING), EVERY_TARGET_ONCE);
    });
    await withBot({ now: shanghai('2026-02-15T08:00') }, async (t) => {
      await t.settle();
      assert.deepEqual(await periods(t, 'reminder'), [], 'the holiday has begun: too late');
    });
  });

  it("next year's 元旦 goes out in December, from computed dates when the data ends", async () => {
    await withBot({ now: shanghai('2026-12-31T09:30') }, async (t) => {
      await t.settle();
      assert.deepEqual([...new Set((await periods(t, 'reminder')).map((p) => p.split(' ')[0]))], ['元旦-2027']);
      assert.match(
        received(t).chatA!.find((c) => c.includes('廉洁过元旦 · 节前提醒'))!,
        /2027年1月1日，具体放假安排以国务院通知为准/,
      );
    });
  });

  it('follow FESTIVALS and DATA_DIR/holidays.json', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rectify-holidays-'));
    try {
      await writeFile(
        path.join(dataDir, 'holidays.json'),
        JSON.stringify({ 2026: { 端午: { start: '2026-06-19', end: '2026-06-21', send: '2026-06-17' } } }),
      );
      await withBot({ dataDir, now: shanghai('2026-06-17T09:00'), env: { FESTIVALS: '端午' } }, async (t) => {
        await t.settle();
        assert.deepEqual(countReceived(t, '廉洁过端午 · 节前提醒'), EVERY_TARGET_ONCE);
      });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    await withBot({ now: shanghai('2026-06-18T10:00'), env: { FESTIVALS: '春节,国庆' } }, async (t) => {
      await t.settle();
      assert.deepEqual(await periods(t, 'reminder'), []);
    });
  });

  it('a broken holidays.json stops start-up with the reason, holding nothing', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rectify-holidays-'));
    try {
      await writeFile(
        path.join(dataDir, 'holidays.json'),
        '{"2027":{"春节":{"start":"2027-02-30","end":"2027-03-05"}}}',
      );
      await assert.rejects(startPushBot({ dataDir, now: shanghai('2026-06-17T09:00') }), (err: Error) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /2027\.春节\.start 不是有效日期/);
        assert.match(err.message, /holidays\.json/);
        return true;
      });
      await writeFile(path.join(dataDir, 'holidays.json'), '{}');
      await withBot({ dataDir, now: shanghai('2026-06-17T09:00') }, async (t) => assert.ok(t.bot.url));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a clock that ran fast', () => {
  it('spends no future period: once set back, next month’s digest goes out when its week really comes', async () => {
    await withBot({ ledgerCreatedAt: shanghai('2026-11-01T10:00'), now: shanghai('2026-12-01T10:00') }, async (t) => {
      const fast = shanghai('2027-01-04T09:30');
      t.clock.ms = fast;
      assert.ok((await t.bot.scheduler.digestDue(fast)).length > 0, 'the fast clock queued W01');
      await t.settle();
      assert.ok((await periods(t, 'digest')).some((p) => p.startsWith('2027-W01')));

      t.clock.ms = shanghai('2026-12-01T10:05');
      await t.bot.scheduler.remindersDue(t.clock.now());
      const left = (await periods(t, 'digest')).filter((p) => p.startsWith('2027-W01'));
      assert.deepEqual(left, [], 'the future digest is forgotten once the clock is back');

      t.clock.ms = shanghai('2027-01-04T09:30');
      assert.equal((await t.bot.scheduler.digestDue(t.clock.now())).length, 3, 'W01 goes out when it really comes');
    });
  });
});
