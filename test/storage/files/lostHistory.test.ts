import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { BUNDLED_REPORT } from '../../../src/config.js';
import { EVENTS_FILE } from '../../../src/storage/files/fileNames.js';
import { openTestLedger } from '../../helpers/openTestLedger.js';
import { dataSnapshot } from '../../helpers/dataFiles.js';
import { ADMIN, START_MS, startTestBot, type TestBot } from '../../helpers/testBot.js';

let t: TestBot | undefined;
afterEach(async () => {
  await t?.stop().catch(() => undefined);
  t = undefined;
});

const health = async (bot: TestBot) => {
  const res = await fetch(`${bot.bot.url}/healthz`);
  return { status: res.status, body: (await res.json()) as { storage?: { problem: string } } };
};
const texts = (bot: TestBot) => bot.bot.store.itemHistory(20).map((e) => e.type === 'update' && e.text);

for (const how of ['removed', 'replaced'] as const) {
  test(`events.jsonl ${how} under the running bot: the next update is refused, saying why`, async () => {
    t = await startTestBot();
    assert.match(await t.say(ADMIN, '进度 20 第一条'), /已登记/);
    const file = path.join(t.dataDir, EVENTS_FILE);
    if (how === 'removed') await rm(file);
    else {
      await writeFile(`${file}.new`, '');
      await rename(`${file}.new`, file);
    }
    const reply = await t.say(ADMIN, '进度 20 第二条');
    assert.match(reply, /历史记录文件在运行中被删除或替换/);
    assert.match(reply, /没有保存/);
    const sick = await health(t);
    assert.equal(sick.status, 503);
    assert.equal(sick.body.storage?.problem, 'moved');
  });
}

test('a restart on a deleted history is refused, naming the backup to restore; restoring it brings every update back', async () => {
  t = await startTestBot();
  const bot = t;
  assert.match(await bot.say(ADMIN, '进度 20 第一条'), /已登记/);
  assert.match(await bot.say(ADMIN, '进度 20 第二条'), /已登记/);
  bot.clock.advance(60_000);
  await bot.restart(); // the start links the history into backups/
  assert.match(await bot.say(ADMIN, '进度 20 第三条'), /已登记/);
  await bot.bot.close();
  const file = path.join(bot.dataDir, EVENTS_FILE);
  await rm(file);

  const before = await dataSnapshot(bot.dataDir);
  const refused = await bot.restart().then(
    () => undefined,
    (err: Error) => err,
  );
  assert.ok(refused, 'the bot started on an empty history');
  const backup = /请停止机器人，把 (\S+) 复制为/.exec(refused.message)?.[1];
  assert.ok(backup, refused.message);
  assert.deepEqual(await dataSnapshot(bot.dataDir), before, 'a refusal must not touch the data');

  await copyFile(backup, file);
  await bot.restart();
  assert.deepEqual(texts(bot), ['第三条', '第二条', '第一条']);
});

test('an empty history while the outbox holds a notice (only a change sends one) is refused', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-lost-'));
  try {
    const open = () => openTestLedger(dir, { clock: () => START_MS, seedReport: BUNDLED_REPORT });
    const store = await open();
    await store.storage.outbox.insertIfAbsent([
      {
        id: 'notice:m1:user:li',
        kind: 'notice',
        period: 'm1',
        target: { kind: 'user', userId: 'li' },
        message: { msgtype: 'text', parts: ['第20项已指派给你'] },
        state: 'sent',
        attempts: 1,
        createdAt: START_MS + 1,
      },
    ]);
    await store.close();
    await assert.rejects(open(), /发件箱中有因变更而发出的通知.*请从服务器的备份恢复/s);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
