/** The real bot with DATABASE_URL: chat commands end to end, and two bots on one database pushing once. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Push } from '../../../src/outbox/Outbox.js';
import { DB_FILE, EVENTS_FILE, OUTBOX_FILE } from '../../../src/storage/files/fileNames.js';
import { startFakeWeComApi } from '../../helpers/fakeWeComApi.js';
import { countReceived, shanghai, startPushBot } from '../../helpers/pushBot.js';
import { ADMIN, startTestBot, TEST_CORP, TEST_SECRET } from '../../helpers/testBot.js';
import { freshDatabase, withClient } from '../../helpers/testDatabase.js';

test('chat commands on PostgreSQL: an update is stored in the database and survives a restart', async () => {
  const db = await freshDatabase();
  const t = await startTestBot({ env: { DATABASE_URL: db.url } });
  try {
    assert.match(await t.say('someone', '进度 20'), /^【第20项】已完成整改/);
    assert.match(await t.say(ADMIN, '进度 21 清淤完成75%'), /已登记第21项进展（完成度 75%）/);
    assert.match(await t.say(ADMIN, '指派 21 zhangsan'), /zhangsan/);
    await t.restart();
    const reply = await t.say('someone', '进度 21');
    assert.match(reply, /完成度：75%/);
    assert.match(reply, /清淤完成75%/);
    for (const name of [DB_FILE, EVENTS_FILE, OUTBOX_FILE])
      assert.equal(existsSync(path.join(t.dataDir, name)), false, `${name} written beside the database`);
    await withClient(db.url, async (c) => {
      const { rows } = await c.query("SELECT event->>'type' AS type FROM events WHERE item_no = 21 ORDER BY seq");
      assert.deepEqual(
        rows.map((r) => r.type),
        ['update', 'assign'],
      );
    });
  } finally {
    await t.stop();
    await db.drop();
  }
});

test('two bots on one database: the digest goes out once per target, a shared outbox is sent once', async () => {
  const db = await freshDatabase();
  const api = await startFakeWeComApi({ corpId: TEST_CORP, secret: TEST_SECRET });
  const now = shanghai('2026-11-30T09:30'); // Monday, after DIGEST_CRON: both catch up at start
  const env = { DATABASE_URL: db.url, LOG_LEVEL: 'silent' };
  const [a, b] = await Promise.all([startPushBot({ now, env, api }), startPushBot({ now, env, api })]);
  try {
    await Promise.all([a.settle(), b.settle()]);
    assert.deepEqual(countReceived(a, '周报'), { chatA: 1, chatB: 1, robot: 1 });

    const users = Array.from({ length: 1000 }, (_, i) => `u${i}`);
    const pushes: Push[] = users.map((userId) => ({
      kind: 'notice',
      period: `n-${userId}`,
      target: { kind: 'user', userId },
      message: { msgtype: 'text', parts: [`通知 ${userId}`] },
    }));
    await a.bot.outbox.enqueue(pushes);
    const allSent = async () => (await a.bot.outbox.all()).every((r) => r.state === 'sent');
    for (let i = 0; i < 200 && !(await allSent()); i++) {
      await Promise.all([a.settle(), b.settle()]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(await allSent(), 'some records were left pending');
    const calls = api.callsTo('/cgi-bin/message/send');
    const sends = calls.map((c) => String(c.body.touser));
    assert.equal(sends.length, users.length, 'a record was sent twice');
    assert.deepEqual([...new Set(sends)].sort(), [...users].sort());
    // Each bot holds its own access token: both took part, or the claims were never contested.
    assert.equal(new Set(calls.map((c) => c.query.access_token)).size, 2);
  } finally {
    await a.stop();
    await b.stop();
    await api.close();
    await db.drop();
  }
});
