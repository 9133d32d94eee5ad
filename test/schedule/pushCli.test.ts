import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chatCreate } from '../../src/cli/chatCreate.js';
import { CliFailure } from '../../src/cli/CliFailure.js';
import { CliUsageError } from '../../src/cli/CliUsageError.js';
import { digest } from '../../src/cli/digest.js';
import { reminders } from '../../src/cli/reminders.js';
import { BUNDLED_REPORT, loadConfig, type Config } from '../../src/config.js';
import { openTestLedger } from '../helpers/openTestLedger.js';
import { startFakeWeComApi, type FakeWeComApi } from '../helpers/fakeWeComApi.js';
import { TEST_CORP, TEST_SECRET, testEnv } from '../helpers/testBot.js';
import { CHATS, contentOf, ROBOT_KEY, shanghai, startPushBot } from '../helpers/pushBot.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOW = shanghai('2026-12-02T10:00');

let api: FakeWeComApi;
let tmp: string;
before(async () => {
  api = await startFakeWeComApi({ corpId: TEST_CORP, secret: TEST_SECRET });
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-pushcli-'));
});
after(async () => {
  await api.close();
  await rm(tmp, { recursive: true, force: true });
});

function env(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return testEnv(dataDir, api.url, {
    WECOM_CHAT_IDS: CHATS.join(','),
    WECOM_ROBOT_KEYS: ROBOT_KEY,
    TZ: 'Asia/Shanghai',
    ...extra,
  });
}

async function ledgerDir(name: string): Promise<{ dataDir: string; config: Config }> {
  const dataDir = path.join(tmp, name);
  await (
    await openTestLedger(dataDir, { clock: () => shanghai('2026-11-01T10:00'), seedReport: BUNDLED_REPORT })
  ).close();
  return { dataDir, config: loadConfig(env(dataDir)) };
}

function digestCalls(): string[] {
  return [...api.callsTo('/cgi-bin/appchat/send'), ...api.callsTo('/cgi-bin/webhook/send')]
    .map(contentOf)
    .filter((c) => c.includes('2026年第49周'));
}

describe('digest', () => {
  it('prints the digest; --send delivers it once per target per week, through the outbox', async () => {
    const { dataDir, config } = await ledgerDir('send');
    assert.match(await digest(['--markdown'], config, NOW), /^\*\*巡察整改周报 · 2026年第49周\*\*/);
    assert.equal(digestCalls().length, 0, 'printing sends nothing');

    const first = await digest(['--send'], config, NOW);
    const robot = /机器人 (1-[0-9a-f]{8})/.exec(first)![1];
    assert.deepEqual(first.split('\n'), [
      '2026-W49 周报：',
      '· 群 chatA：已发送（2 条消息）',
      '· 群 chatB：已发送（2 条消息）',
      `· 机器人 ${robot}：已发送（1 条消息）`,
      '2026-W49 图表：',
      '· 群 chatA：已发送（1 张图片）',
      '· 群 chatB：已发送（1 张图片）',
      `· 机器人 ${robot}：已发送（1 张图片）`,
    ]);
    assert.equal(api.callsTo('/cgi-bin/media/upload').length, 1, 'both chats are sent one upload');
    assert.equal(digestCalls().length, 3, 'each target got the first part, which carries the week');

    const again = await digest(['--send'], config, NOW + 3_600_000);
    assert.match(again, /群 chatA：本周已发送过（12-02 10:00），不再重复/);
    assert.equal(digestCalls().length, 3);

    const t = await startPushBot({ api, dataDir, now: NOW + 7_200_000 });
    await t.settle();
    await t.stop();
    assert.equal(digestCalls().length, 3, 'the scheduled run of the same week finds it sent');
  });

  it('--send refuses while the bot runs, and sends nothing', async () => {
    const { dataDir } = await ledgerDir('running');
    const t = await startPushBot({ api, dataDir, now: shanghai('2026-11-30T08:00'), env: { LOG_LEVEL: 'silent' } });
    try {
      const run = await new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          ['--import', 'tsx', 'src/cli.ts', 'digest', '--send'],
          { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env(dataDir) } },
          (err, _out, stderr) => resolve({ code: err ? Number(err.code) : 0, stderr }),
        ),
      );
      assert.equal(run.code, 1);
      assert.match(run.stderr, /机器人正在运行（pid \d+）.*先停止机器人/);
      assert.equal((await t.bot.outbox.all()).length, 0);
      assert.match(await digest([], t.config, NOW), /巡察整改周报/, 'printing works while it runs');
    } finally {
      await t.stop();
    }
  });

  it('--send with no chat or robot configured says so', async () => {
    const { dataDir } = await ledgerDir('nowhere');
    await assert.rejects(
      digest(['--send'], loadConfig(env(dataDir, { WECOM_CHAT_IDS: '', WECOM_ROBOT_KEYS: '' })), NOW),
      (err: Error) => err instanceof CliFailure && /WECOM_CHAT_IDS/.test(err.message),
    );
  });
});

describe('reminders', () => {
  it('prints the plan one line per reminder: send date, festival, holiday range', async () => {
    const config = loadConfig(env(path.join(tmp, 'plan')));
    assert.equal(
      await reminders(['--year', '2026'], config),
      [
        '2025-12-31  元旦  2026-01-01~2026-01-03',
        '2026-02-14  春节  2026-02-15~2026-02-23',
        '2026-06-18  端午  2026-06-19~2026-06-21',
        '2026-09-24  中秋  2026-09-25~2026-09-27',
        '2026-09-30  国庆  2026-10-01~2026-10-07',
      ].join('\n'),
    );
  });

  it('applies FESTIVALS and holidays.json, and marks computed dates', async () => {
    const dataDir = path.join(tmp, 'plan-overrides');
    await openTestLedger(dataDir, { clock: () => NOW, seedReport: BUNDLED_REPORT }).then((s) => s.close());
    await writeFile(path.join(dataDir, 'holidays.json'), '{"2030":{"春节":{"start":"2030-02-02","end":"2030-02-10"}}}');
    const config = loadConfig(env(dataDir, { FESTIVALS: '春节,国庆' }));
    assert.equal(
      await reminders(['--year', '2030'], config),
      [
        '2030-02-01  春节  2030-02-02~2030-02-10  （人工指定）',
        '2030-09-30  国庆  2030-10-01（节日当天）  （推算，放假安排待国务院通知）',
      ].join('\n'),
    );
  });

  it('without --year, what comes next: on 2026-12-01 that is 元旦 2027, sent 2026-12-31', async () => {
    const config = loadConfig(env(path.join(tmp, 'plan')));
    assert.equal(
      await reminders([], config, shanghai('2026-12-01T10:00')),
      [
        '2026-12-31  元旦  2027-01-01（节日当天）  （推算，放假安排待国务院通知）',
        '2027-02-04  春节  2027-02-05（除夕）  （推算，放假安排待国务院通知）',
        '2027-06-08  端午  2027-06-09（节日当天）  （推算，放假安排待国务院通知）',
        '2027-09-14  中秋  2027-09-15（节日当天）  （推算，放假安排待国务院通知）',
        '2027-09-30  国庆  2027-10-01（节日当天）  （推算，放假安排待国务院通知）',
      ].join('\n'),
    );
    assert.match(
      await reminders([], config, shanghai('2026-09-25T10:00')),
      /^2026-09-30 {2}国庆 {2}2026-10-01~2026-10-07\n/,
    );
  });

  it('refuses a year outside the supported range, naming the range', async () => {
    const config = loadConfig(env(path.join(tmp, 'plan')));
    for (const year of ['26', '1999', '2101', '20x6'])
      await assert.rejects(
        reminders(['--year', year], config),
        (err: Error) =>
          err instanceof CliUsageError && err.message.startsWith(`--year ${year} 不在支持范围内：2004–2100`),
      );
  });
});

describe('chat-create', () => {
  it('creates an app group chat and prints its chatid for WECOM_CHAT_IDS', async () => {
    const out = await chatCreate(
      ['--name', '巡察整改工作群', '--users', 'zhangsan,lisi，wangwu'],
      loadConfig(env(path.join(tmp, 'chat'))),
    );
    const call = api.callsTo('/cgi-bin/appchat/create').at(-1)!;
    assert.deepEqual(call.body, { name: '巡察整改工作群', userlist: ['zhangsan', 'lisi', 'wangwu'] });
    const chatId = /chatid：(\S+)/.exec(out)![1]!;
    assert.match(out, new RegExp(`WECOM_CHAT_IDS=chatA,chatB,${chatId}`));
  });

  it('refuses what WeCom would refuse, before calling it', async () => {
    const config = loadConfig(env(path.join(tmp, 'chat')));
    const before = api.callsTo('/cgi-bin/appchat/create').length;
    await assert.rejects(chatCreate(['--name', '群'], config), CliUsageError);
    await assert.rejects(chatCreate(['--name', '群', '--users', 'zhangsan'], config), /2–2000 人/);
    await assert.rejects(chatCreate(['--name', '群'.repeat(51), '--users', 'a,b'], config), /最多 50 个字/);
    await assert.rejects(
      chatCreate(['--name', '群', '--users', 'a,b'], loadConfig({ DATA_DIR: path.join(tmp, 'chat') })),
      /演示模式/,
    );
    assert.equal(api.callsTo('/cgi-bin/appchat/create').length, before);
  });

  it('reports a WeCom refusal as a message, not a stack', async () => {
    api.inject('/cgi-bin/appchat/create', [
      { errcode: 60011, errmsg: 'no privilege to access/modify contact/party/agent' },
    ]);
    await assert.rejects(
      chatCreate(['--name', '群', '--users', 'a,b'], loadConfig(env(path.join(tmp, 'chat')))),
      (err: Error) => err instanceof CliFailure && /60011.*可见范围为根部门/.test(err.message),
    );
  });
});
