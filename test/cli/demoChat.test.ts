import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chat } from '../../src/cli/chat.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startBot, type RunningBot } from '../../src/startBot.js';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { waitFor } from '../helpers/workflowHelpers.js';

// Demo mode as a newcomer runs it: no credentials, so the bot writes to files instead of WeCom.
let dataDir: string;
let config: Config;
let bot: RunningBot;
before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'rectify-demo-'));
  config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  assert.ok(config.demo);
  // A loaded machine must not turn the passive reply into a late one: this test reads the reply.
  bot = await startBot(config, { log: createLogger('silent'), replyBudgetMs: 60_000 });
});
after(async () => {
  await bot.close();
  await rm(dataDir, { recursive: true, force: true });
});

const say = (user: string, ...args: string[]) => chat(['--url', bot.url, '--user', user, ...args], config);

test('导出 in demo mode keeps the workbook under DATA_DIR, readable by its owner only, and says where', async () => {
  const reply = await say('demo-admin', '导出');
  const kept = /演示模式：文件保存在 (\S+\.xlsx)$/.exec(reply)?.[1];
  assert.ok(kept, reply);
  assert.equal(path.dirname(kept), path.join(dataDir, 'exports'));
  const bytes = await waitFor(() => readFile(kept).catch(() => undefined), 'the kept workbook');
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  assert.equal((await stat(kept)).mode & 0o777, 0o600);
});

test('chat --image sends that photo, and it becomes the item’s evidence', async () => {
  const photo = path.join(dataDir, 'river.jpg');
  const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('cleaned river')]);
  await writeFile(photo, bytes);
  assert.match(await say('demo-admin', '进度 20 清淤完成'), /^已登记第20项进展/);
  assert.match(await say('demo-admin', '--image', photo), /^已收到第20项佐证照片/);
  const evidence = (await eventsOnDisk(dataDir)).find((e) => e.type === 'evidence');
  assert.ok(evidence?.type === 'evidence');
  assert.match(evidence.file, /\.jpg$/);
  assert.deepEqual(await readFile(path.join(dataDir, evidence.file)), bytes);
});

test('chat --image is refused with credentials: real photos come from a phone', async () => {
  const real = { ...config, demo: false };
  await assert.rejects(chat(['--url', bot.url, '--user', 'a', '--image', 'x.jpg'], real), /只能在演示模式下用/);
});
