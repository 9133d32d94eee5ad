import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { assertNothingStored, evidenceFiles, sendImage } from '../helpers/workflowHelpers.js';

const MAX = 4096;
/** A PNG signature and header, padded to `size` bytes, distinct per `tag`. */
const png = (size: number, tag = 0) => {
  const bytes = Buffer.alloc(size, tag);
  Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').copy(bytes);
  return bytes;
};

let t: TestBot;
before(async () => {
  t = await startTestBot({ env: { EVIDENCE_MAX_BYTES: String(MAX) } });
  await t.say(ADMIN, '进度 30 现场照片见后');
});
after(() => t.stop());

const evidenceOf = async (no: number) =>
  (await eventsOnDisk(t.dataDir)).filter((e) => e.type === 'evidence' && e.itemNo === no);
const leftovers = async () => readdir(path.join(t.dataDir, 'evidence', '.incoming')).catch(() => []);

test('a photo larger than EVIDENCE_MAX_BYTES is refused with the limit; nothing is kept', async () => {
  t.api.addMedia('BIG', png(MAX + 1), 'image/png');
  await assertNothingStored(t, async () => assert.match(await sendImage(t, ADMIN, 'BIG'), /照片超过 4 KB，没有登记/));
  assert.deepEqual(await leftovers(), []);
  t.api.addMedia('JUST', png(MAX), 'image/png');
  assert.match(await sendImage(t, ADMIN, 'JUST'), /已收到第30项佐证照片（4 KB）/);
});

test('a web page is not a photo, whatever type it claims', async () => {
  const page = Buffer.from('<!doctype html><html><body>登录</body></html>');
  t.api.addMedia('HTML', page, 'text/html');
  t.api.addMedia('HTML-AS-JPEG', page, 'image/jpeg');
  for (const id of ['HTML', 'HTML-AS-JPEG'])
    await assertNothingStored(t, async () => assert.match(await sendImage(t, ADMIN, id), /不是图片/));
  assert.deepEqual(await leftovers(), []);
});

test('an empty download is refused, not counted as 1 KB', async () => {
  t.api.addMedia('EMPTY', Buffer.alloc(0), 'image/jpeg');
  await assertNothingStored(t, async () => assert.match(await sendImage(t, ADMIN, 'EMPTY'), /空文件/));
});

test('the same photo twice at once is one evidence event and one file', async () => {
  const photo = png(2000, 7);
  t.api.addMedia('TWIN-1', photo, 'image/png');
  t.api.addMedia('TWIN-2', photo, 'image/png');
  const before = (await evidenceOf(30)).length;
  const filesBefore = (await evidenceFiles(t)).length;
  const replies = await Promise.all([sendImage(t, ADMIN, 'TWIN-1'), sendImage(t, ADMIN, 'TWIN-2')]);
  assert.equal(replies.filter((r) => /^已收到第30项佐证照片/.test(r)).length, 1, replies.join(' | '));
  assert.equal(replies.filter((r) => /已是第30项的佐证材料/.test(r)).length, 1, replies.join(' | '));
  assert.equal((await evidenceOf(30)).length, before + 1);
  assert.equal((await evidenceFiles(t)).length, filesBefore + 1);
});

test('at most 4 downloads run at once', async () => {
  const ids = Array.from({ length: 8 }, (_, i) => `BURST-${i}`);
  for (const [i, id] of ids.entries()) t.api.addMedia(id, png(100, 100 + i), 'image/png');
  t.api.inject(
    '/cgi-bin/media/get',
    ids.map(() => ({ delayMs: 300 })),
  );
  const from = t.api.callsTo('/cgi-bin/media/get').length;
  const replies = await Promise.all(ids.map((id) => sendImage(t, ADMIN, id)));
  for (const reply of replies) assert.match(reply, /^已收到第30项佐证照片/);
  const arrivals = t.api
    .callsTo('/cgi-bin/media/get')
    .slice(from)
    .map((c) => c.at)
    .sort((a, b) => a - b);
  assert.equal(arrivals.length, 8);
  // A fifth request can only start once one of the first four, each held 300 ms, has finished.
  assert.ok(arrivals[4]! - arrivals[0]! >= 290, `arrivals ${arrivals.map((a) => a - arrivals[0]!).join(', ')}`);
});
