import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, nextMsgId, startTestBot, type TestBot } from '../helpers/testBot.js';

let t: TestBot;
before(async () => (t = await startTestBot({ replyBudgetMs: 50 })));
after(() => t.stop());

/**
 * Makes every disk write of this process wait until released: each of libuv's pool threads is
 * parked in open() of a FIFO nobody writes to. A command that writes the ledger then misses any
 * reply budget, deterministically, whatever the speed of the machine or its disk.
 */
async function holdDiskWrites(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-fifo-'));
  const threads = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  const fifos = Array.from({ length: threads }, (_, i) => path.join(dir, `fifo-${i}`));
  for (const fifo of fifos) execFileSync('mkfifo', [fifo]);
  const readers: Array<Promise<FileHandle>> = fifos.map((fifo) => open(fifo, 'r'));
  return async () => {
    for (const fifo of fifos) {
      // Non-blocking, so a reader not yet parked cannot hang the whole process: retry instead.
      for (;;) {
        try {
          closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
          break;
        } catch {
          await sleep(5);
        }
      }
    }
    for (const reader of await Promise.all(readers)) await reader.close();
    await rm(dir, { recursive: true, force: true });
  };
}

async function waitFor(what: string, done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await sleep(10);
  assert.ok(done(), `timed out waiting for ${what}`);
}

const sends = () => t.api.callsTo('/cgi-bin/message/send');

test('an answer that misses the window: empty 200 now, message/send later, exactly once', async () => {
  const msgId = nextMsgId();
  const release = await holdDiskWrites();
  let passive: string;
  try {
    passive = await t.say(ADMIN, '进度 20 慢盘上的进展', msgId);
    assert.equal(sends().length, 0, 'nothing can have been sent while the update is not on disk');
  } finally {
    await release();
  }
  assert.equal(passive, '');

  await waitFor('message/send', () => sends().length > 0);
  const [send] = sends();
  assert.equal(send!.body.touser, ADMIN);
  assert.equal(send!.body.msgtype, 'text');
  assert.equal(send!.body.agentid, 1000002);
  assert.match(send!.body.text.content, /^已登记第20项进展：\n慢盘上的进展/);
  assert.equal((await eventsOnDisk(t.dataDir)).filter((e) => e.type === 'update' && e.text === '慢盘上的进展').length, 1);

  // WeCom may still retry; the answer already went out actively, so the retry gets no second copy.
  assert.equal(await t.say(ADMIN, '进度 20 慢盘上的进展', msgId), '');
  await t.bot.sender.kick();
  await t.restart();
  await t.bot.sender.kick();
  assert.equal(sends().length, 1);
  assert.equal((await eventsOnDisk(t.dataDir)).filter((e) => e.type === 'update' && e.text === '慢盘上的进展').length, 1);
});

test('an answer ready inside the window is a passive reply and nothing is sent', async () => {
  const before = sends().length;
  assert.match(await t.say('viewer', '进度 20'), /【第20项】/);
  await t.bot.sender.kick();
  assert.equal(sends().length, before);
});
