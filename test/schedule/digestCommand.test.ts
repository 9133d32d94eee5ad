import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, startTestBot, TestClock, type TestBot } from '../helpers/testBot.js';
import { shanghai } from '../helpers/pushBot.js';
import { digest as digestCli } from '../../src/cli/digest.js';

let t: TestBot;
// A ledger a month old, so the stale list makes the digest longer than one message.
before(async () => {
  const clock = new TestClock(shanghai('2026-11-01T10:00'));
  t = await startTestBot({ clock });
  clock.ms = shanghai('2026-11-30T09:30');
  await t.restart();
});
after(() => t.stop());

describe('周报 (admin preview)', () => {
  it('shows the first message of this week’s digest as plain text within 2048 bytes', async () => {
    const reply = await t.say(ADMIN, '周报');
    assert.ok(reply.startsWith('巡察整改周报 · 2026年第49周\n统计至 2026-11-30 09:30\n'), reply.slice(0, 80));
    assert.ok(!reply.includes('**'));
    assert.ok(Buffer.byteLength(reply) <= 2048);
    assert.match(reply, /\n——\n预览：2026-W49 周报共 2 条，这是第 1 条/);
  });

  it('says there is nowhere to send it when no chat or robot is configured', async () => {
    const reply = await t.say(ADMIN, '周报');
    assert.doesNotMatch(reply, /按计划发到/);
    assert.match(reply, /现在没有发送目标，不会发出。请在 WECOM_CHAT_IDS 填群 chatid/);
    assert.match(reply, /WECOM_ROBOT_KEYS/);
  });

  it('cli digest prints the same plain text as the preview; --markdown prints what is sent', async () => {
    const preview = (await t.say(ADMIN, '周报')).split('\n——\n')[0]!;
    const printed = await digestCli([], t.config, t.clock.now());
    assert.ok(printed.startsWith(preview), printed.slice(0, 80));
    assert.ok(!printed.includes('**'));
    assert.match(await digestCli(['--markdown'], t.config, t.clock.now()), /^\*\*巡察整改周报 · 2026年第49周\*\*/);
  });

  it('sends nothing and is for admins only', async () => {
    assert.match(await t.say('someone', '周报'), /只有管理员可以使用/);
    assert.equal((await t.bot.outbox.all()).filter((r) => r.kind === 'digest').length, 0);
  });
});

describe('周报 with a target configured', () => {
  it('says it goes out on schedule', async () => {
    const bot = await startTestBot({ env: { WECOM_CHAT_IDS: 'wrchat1' } });
    try {
      assert.match(await bot.say(ADMIN, '周报'), /；按计划发到各群和群机器人，每周一次。$/);
    } finally {
      await bot.stop();
    }
  });
});

describe('周报 follows the configured festivals', () => {
  const previewOn = async (env: Record<string, string>) => {
    const bot = await startTestBot({ clock: new TestClock(shanghai('2026-12-28T10:00')), env });
    try {
      return await bot.say(ADMIN, '周报');
    } finally {
      await bot.stop();
    }
  };

  it('names the 元旦 reminder due within 7 days only when 元旦 is in FESTIVALS', async () => {
    assert.match(await previewOn({}), /元旦/);
    assert.doesNotMatch(await previewOn({ FESTIVALS: '春节,国庆' }), /元旦/);
  });
});
