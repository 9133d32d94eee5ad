/**
 * The scheduler's lease across real processes: the instance that started first holds it; SIGKILL
 * it just before the digest is due and the other instance sends the digest, once.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startChild } from '../../helpers/childBot.js';
import { startFakeWeComApi } from '../../helpers/fakeWeComApi.js';
import { contentOf } from '../../helpers/pushBot.js';
import { TEST_CORP, TEST_SECRET, testEnv } from '../../helpers/testBot.js';
import { freshDatabase } from '../../helpers/testDatabase.js';

/** A node-cron expression for one moment (to the second), read in Asia/Shanghai. */
function cronAt(ms: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, Number(p.value)]),
  );
  return `${parts.second} ${parts.minute} ${parts.hour} ${parts.day} ${parts.month} *`;
}

test('SIGKILL of the scheduler’s holder before the digest is due: the other instance sends it once', async () => {
  const db = await freshDatabase();
  const api = await startFakeWeComApi({ corpId: TEST_CORP, secret: TEST_SECRET });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-lease-'));
  // Room for two tsx processes to start on a busy machine; the test waits it out.
  const dueAt = Date.now() + 30_000;
  const env = testEnv(dir, api.url, {
    DATABASE_URL: db.url,
    WECOM_CHAT_IDS: 'chatA',
    DIGEST_CRON: cronAt(dueAt),
    TZ: 'Asia/Shanghai',
  });
  const holder = await startChild({ env });
  const other = await startChild({ env });
  const digests = () => api.callsTo('/cgi-bin/appchat/send').filter((c) => contentOf(c).includes('周报'));
  try {
    assert.ok(Date.now() < dueAt - 4_000, 'the bots took too long to start for this test');
    await new Promise((resolve) => setTimeout(resolve, dueAt - 3_000 - Date.now()));
    assert.equal(digests().length, 0, 'the digest went out before it was due');
    await holder.kill('SIGKILL');
    for (let i = 0; i < 100 && digests().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // room for a second one to show up
    assert.equal(digests().length, 1, other.stderr());
    assert.ok(digests()[0]!.at >= dueAt - 1_000, 'sent before its time');
  } finally {
    await holder.kill('SIGKILL');
    await other.stop();
    await api.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
});
