import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BUNDLED_REPORT } from '../../src/config.js';
import { openTestLedger } from '../helpers/openTestLedger.js';
import { startChild } from '../helpers/childBot.js';
import { startFakeWeComApi, type FakeWeComApi } from '../helpers/fakeWeComApi.js';
import { TEST_CORP, TEST_SECRET, testEnv } from '../helpers/testBot.js';
import { contentOf, shanghai, startPushBot } from '../helpers/pushBot.js';

const NOW = shanghai('2026-12-02T10:00');

/**
 * Starts the bot as a child process, waits until the fake API has received `requests` calls to
 * `apiPath` (the last one held unanswered by a delay fault), SIGKILLs it there — after WeCom got
 * the request, before the bot could mark it — and restarts the bot in this process on the same data.
 */
async function crashThenRestart(
  api: FakeWeComApi,
  dataDir: string,
  env: Record<string, string>,
  apiPath: string,
  requests: number,
) {
  const child = await startChild({
    entry: 'test/outbox/crashChild.ts',
    env: testEnv(dataDir, api.url, { TZ: 'Asia/Shanghai', TEST_NOW_MS: String(NOW), DIGEST_CHART: '0', ...env }),
  });
  const deadline = Date.now() + 10_000;
  while (api.callsTo(apiPath).length < requests && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.equal(api.callsTo(apiPath).length, requests, `the child reached WeCom: ${child.stderr()}`);
  await child.kill('SIGKILL');
  return startPushBot({ api, dataDir, now: NOW, env });
}

describe('a crash between WeCom accepting a part and the bot marking it', () => {
  it('appchat/send: the resumed record repeats only the part in flight, once', async () => {
    const api = await startFakeWeComApi({ corpId: TEST_CORP, secret: TEST_SECRET });
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rectify-crash-'));
    try {
      // A ledger a month old: every open item is stale, so the digest needs two app messages.
      await (
        await openTestLedger(dataDir, { clock: () => shanghai('2026-11-01T10:00'), seedReport: BUNDLED_REPORT })
      ).close();
      api.inject('/cgi-bin/appchat/send', [{ delayMs: 0 }, { delayMs: 60_000 }]);
      const t = await crashThenRestart(
        api,
        dataDir,
        { WECOM_CHAT_IDS: 'chatA', WECOM_ROBOT_KEYS: '' },
        '/cgi-bin/appchat/send',
        2,
      );
      try {
        await t.settle();
        const record = (await t.bot.outbox.all()).find((r) => r.kind === 'digest')!;
        assert.equal(record.message.parts.length, 2);
        assert.equal(record.state, 'sent');
        const [first, second] = record.message.parts;
        // The killed child's second request counts as delivered: WeCom had it. That is the one extra.
        assert.deepEqual(api.callsTo('/cgi-bin/appchat/send').map(contentOf), [first, second, second]);
      } finally {
        await t.stop();
      }
    } finally {
      await api.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('message/send: the resend is byte-identical with the duplicate check on, so WeCom drops it', async () => {
    const api = await startFakeWeComApi({ corpId: TEST_CORP, secret: TEST_SECRET });
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rectify-crash-'));
    try {
      api.inject('/cgi-bin/message/send', [{ delayMs: 60_000 }]);
      const env = { WECOM_CHAT_IDS: '', WECOM_ROBOT_KEYS: '', TEST_NOTICE_USER: 'lisi' };
      const t = await crashThenRestart(api, dataDir, env, '/cgi-bin/message/send', 1);
      try {
        await t.settle();
        const [beforeCrash, afterRestart] = api.callsTo('/cgi-bin/message/send');
        assert.equal(api.callsTo('/cgi-bin/message/send').length, 2);
        assert.deepEqual(afterRestart!.body, beforeCrash!.body);
        assert.equal(beforeCrash!.body.enable_duplicate_check, 1);
        assert.equal((await t.bot.outbox.all()).find((r) => r.kind === 'notice')!.state, 'sent');
      } finally {
        await t.stop();
      }
    } finally {
      await api.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
