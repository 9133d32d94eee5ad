/**
 * Two real bot processes on one database behind one fake WeCom API, as two machines behind one
 * callback URL: a retry that lands on the other instance is applied once, and an update made on
 * one is what `进度` shows on the other a moment later.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type ChildServer, startChild } from '../../helpers/childBot.js';
import { type FakeWeComApi, startFakeWeComApi } from '../../helpers/fakeWeComApi.js';
import { ADMIN, nextMsgId, TEST_AES_KEY, TEST_CORP, TEST_SECRET, TEST_TOKEN, testEnv } from '../../helpers/testBot.js';
import { freshDatabase, type TestDatabase, withClient } from '../../helpers/testDatabase.js';
import { WeComSigner } from '../../helpers/wecomSigner.js';

let db: TestDatabase;
let api: FakeWeComApi;
let dir: string;
let bots: ChildServer[];
const signer = new WeComSigner({
  token: TEST_TOKEN,
  encodingAESKey: TEST_AES_KEY,
  receiveId: TEST_CORP,
  now: () => Math.floor(Date.now() / 1000),
});

before(async () => {
  db = await freshDatabase();
  api = await startFakeWeComApi({ corpId: TEST_CORP, secret: TEST_SECRET });
  dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-two-'));
  const env = testEnv(dir, api.url, { DATABASE_URL: db.url });
  bots = await Promise.all([startChild({ env }), startChild({ env })]);
});
after(async () => {
  await Promise.all(bots.map((b) => b.stop()));
  await api.close();
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

async function say(bot: ChildServer, from: string, content: string, msgId = nextMsgId()): Promise<string> {
  const xml = signer.textMessageXml({ from, content, msgId, createTime: Math.floor(Date.now() / 1000) });
  const res = await signer.post(bot.url, '/wecom/callback', xml);
  if (res.status !== 200) throw new Error(`callback answered ${res.status}: ${res.body}`);
  return res.body ? signer.openReply(res.body).content : '';
}

test('250 updates, each retried at the same moment on the other instance: each stored once', async () => {
  const sent: string[] = [];
  let next = 0;
  // Eight pairs in flight: sixteen connections, as many as the benchmark's.
  const worker = async () => {
    for (let i = next++; i < 250; i = next++) {
      const msgId = nextMsgId();
      sent.push(msgId);
      const text = `进度 ${1 + (i % 53)} 第${i}次核查`;
      const replies = await Promise.all([
        say(bots[i % 2]!, ADMIN, text, msgId),
        say(bots[(i + 1) % 2]!, ADMIN, text, msgId),
      ]);
      assert.equal(replies.filter((r) => r.startsWith('已登记第')).length, 1, replies.join(' | '));
      assert.equal(replies.filter((r) => r.includes('已登记过')).length, 1, replies.join(' | '));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await withClient(db.url, async (c) => {
    const { rows } = await c.query('SELECT msg_id FROM events');
    assert.equal(rows.length, 250);
    assert.deepEqual(rows.map((r) => r.msg_id).sort(), sent.sort());
  });
});

test('an update made on one instance is shown by 进度 on the other within a second', async () => {
  for (const [writer, reader] of [bots, [...bots].reverse()] as ChildServer[][]) {
    const mark = `现场复核${nextMsgId()}`;
    assert.match(await say(writer!, ADMIN, `进度 12 ${mark}`), /已登记第12项进展/);
    const started = performance.now();
    while (!(await say(reader!, 'someone', '进度 12')).includes(mark)) {
      assert.ok(performance.now() - started < 1_000, 'the other instance still shows the old item after 1 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
});
