import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { outboxCommand } from '../../src/cli/outboxCommand.js';
import { CliUsageError } from '../../src/cli/CliUsageError.js';
import { startFakeWeComApi } from '../helpers/fakeWeComApi.js';
import { startPushBot, WEDNESDAY } from '../helpers/pushBot.js';
import { TEST_CORP, TEST_SECRET } from '../helpers/testBot.js';

const CHAT_A = 'digest:2026-W49:chat:chatA';

test('outbox list shows the failed digest and why; retry is refused while the bot runs, then requeues it', async () => {
  const api = await startFakeWeComApi({ corpId: TEST_CORP, secret: TEST_SECRET });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rectify-outbox-cli-'));
  try {
    api.inject('/cgi-bin/appchat/send', [{ errcode: 86003, errmsg: 'chat not exist' }]);
    const t = await startPushBot({ now: WEDNESDAY, dataDir, api });
    await t.settle();
    const run = (...argv: string[]) => outboxCommand(argv, t.config, t.clock.now());

    const listed = await run('list');
    assert.equal(listed.split('\n')[0], '待发 0，失败 1，已发 2');
    assert.match(
      listed,
      new RegExp(`^失败  ${CHAT_A}  已试 1 次：WeCom appchat/send errcode 86003: chat not exist$`, 'm'),
    );
    await assert.rejects(run('retry', '--failed'), /^Error: 机器人正在运行（pid \d+），.*先停止机器人/);
    await assert.rejects(run('prune'), /机器人正在运行/);
    await assert.rejects(run('retry'), CliUsageError);

    await t.bot.close();
    await assert.rejects(run('retry', 'digest:nope'), /没有 id 为 digest:nope 的失败记录/);
    assert.equal(await run('retry', CHAT_A), '已重新排队 1 条，机器人启动后发送。');
    assert.match(await run('list'), /^待发 1，失败 0，已发 2\n待发 {2}digest:2026-W49:chat:chatA {2}已试 0 次$/);
    assert.match(await run('prune'), /^已清理 \d+ 条/);

    await t.restart();
    await t.settle();
    assert.equal(t.delivered('/cgi-bin/appchat/send').filter((c) => c.body.chatid === 'chatA').length, 1);
    await t.stop();
  } finally {
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
