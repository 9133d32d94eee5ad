/** Shared by the officers' workflow tests: photos, private notices and "nothing changed" checks. */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { dataSnapshot } from './dataFiles.js';
import { nextMsgId, type TestBot } from './testBot.js';

/** Sends an image message as WeCom would and returns the decrypted passive reply ('' when none). */
/** A JPEG as far as its first bytes tell (all the bot checks), distinct per `tag`. */
export function jpeg(tag: string, size = 0): Buffer {
  const bytes = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.from(tag)]);
  return size > bytes.length ? Buffer.concat([bytes, Buffer.alloc(size - bytes.length, 1)]) : bytes;
}

export async function sendImage(t: TestBot, from: string, mediaId: string, msgId = nextMsgId()): Promise<string> {
  const xml = t.signer.imageMessageXml({ from, mediaId, msgId, createTime: Math.floor(t.clock.now() / 1000) });
  const res = await t.signer.post(t.bot.url, '/wecom/callback', xml);
  assert.equal(res.status, 200, res.body);
  return res.body ? t.signer.openReply(res.body).content : '';
}

/** Lets the outbox deliver everything queued so far. */
export function settle(t: TestBot): Promise<void> {
  return t.bot.sender.kick();
}

/** Text of every private app message delivered to `userId`, oldest first; a card as its title and text. */
export async function noticesTo(t: TestBot, userId: string): Promise<string[]> {
  await settle(t);
  return t.api
    .callsTo('/cgi-bin/message/send')
    .filter((c) => c.body.touser === userId && c.body.msgtype !== 'file')
    .map((c) => {
      const card = c.body.template_card;
      return card ? `${card.main_title.title}\n${card.sub_title_text ?? ''}` : String(c.body[c.body.msgtype]?.content);
    });
}

/** Runs `act` and asserts the ledger, its history and the outbox on disk are byte for byte as before. */
export async function assertNothingStored(t: TestBot, act: () => Promise<unknown>): Promise<void> {
  await settle(t);
  const before = await dataSnapshot(t.dataDir);
  const evidence = await evidenceFiles(t);
  await act();
  await settle(t);
  assert.deepEqual(await dataSnapshot(t.dataDir), before);
  assert.deepEqual(await evidenceFiles(t), evidence);
}

/** Every file under DATA_DIR/evidence, relative to DATA_DIR. */
export async function evidenceFiles(t: TestBot): Promise<string[]> {
  const root = path.join(t.dataDir, 'evidence');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(t.dataDir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Polls until `find` returns something, for work that finishes after the reply (limit: see waitFor.ts). */
export async function waitFor<T>(
  find: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
