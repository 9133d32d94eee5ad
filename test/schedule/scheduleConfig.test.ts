import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('schedule configuration', () => {
  it('defaults: Monday 09:00 digest, reminders at 09:00 for all five festivals, no targets', () => {
    assert.deepEqual(loadConfig({}).schedule, {
      chatIds: [],
      robotKeys: [],
      follow: {},
      digestCron: '0 9 * * 1',
      digestChart: true,
      reminderTime: '09:00',
      festivals: ['元旦', '春节', '端午', '中秋', '国庆'],
      deadlineWarnDays: 7,
    });
  });

  it('reads the lists, accepting a pasted webhook URL for a robot key and H:MM for the time', () => {
    const { schedule } = loadConfig({
      WECOM_CHAT_IDS: 'chat1, chat2',
      WECOM_ROBOT_KEYS: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx,plain-key',
      DIGEST_CRON: '30 17 * * 5',
      DIGEST_CHART: '0',
      REMINDER_TIME: '8:30',
      FESTIVALS: '春节，中秋',
      DEADLINE_WARN_DAYS: '3',
    });
    assert.deepEqual(schedule, {
      chatIds: ['chat1', 'chat2'],
      robotKeys: ['693a91f6-7xxx', 'plain-key'],
      follow: {},
      digestCron: '30 17 * * 5',
      digestChart: false,
      reminderTime: '08:30',
      festivals: ['春节', '中秋'],
      deadlineWarnDays: 3,
    });
  });

  const refused: [string, Record<string, string>, RegExp][] = [
    ['a cron expression node-cron rejects', { DIGEST_CRON: '0 25 * * 1' }, /DIGEST_CRON 不是有效的 cron 表达式/],
    ['a time that is not HH:MM', { REMINDER_TIME: '24:00' }, /REMINDER_TIME 应为 HH:MM/],
    ['a chart switch that is not 0 or 1', { DIGEST_CHART: 'yes' }, /DIGEST_CHART 应为 0 或 1/],
    ['a warning of no days', { DEADLINE_WARN_DAYS: '0' }, /DEADLINE_WARN_DAYS 应在 1–90 之间/],
    ['an unknown festival', { FESTIVALS: '春节,清明' }, /FESTIVALS 未知的节日“清明”/],
  ];
  for (const [name, env, message] of refused) {
    it(`refuses ${name}, naming the variable`, () => {
      assert.throws(
        () => loadConfig(env),
        (err: Error) => err instanceof ConfigError && message.test(err.message),
      );
    });
  }

  it('never quotes a robot key in an error', () => {
    assert.throws(
      () => loadConfig({ WECOM_ROBOT_KEYS: 'secret-robot-key', DIGEST_CRON: 'nonsense' }),
      (err: Error) => !err.message.includes('secret-robot-key'),
    );
  });
});
