import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { EVENTS_FILE } from '../../../src/storage/files/fileNames.js';
import { eventsOnDisk } from '../../helpers/dataFiles.js';
import { smallDisk, type SmallDisk } from '../../helpers/smallDisk.js';
import { ADMIN, startTestBot, type TestBot } from '../../helpers/testBot.js';

let disk: SmallDisk;
let t: TestBot;
before(async () => {
  disk = await smallDisk();
  t = await startTestBot({ dataDir: disk.dir });
});
after(async () => {
  await t.stop();
  await disk.remove();
});

const health = async () => {
  const res = await fetch(`${t.bot.url}/healthz`);
  return { status: res.status, body: (await res.json()) as { status: string; storage?: { problem: string } } };
};

test('a full disk: the update is refused as not saved, history stays whole, the bot recovers when space returns', async (c) => {
  c.diagnostic(
    `full disk made by: ${disk.kind === 'tmpfs' ? 'a 512 KiB tmpfs' : 'injected FileHandle write failures'}`,
  );
  assert.match(await t.say(ADMIN, '进度 20 第一条'), /已登记第20项进展/);

  // A filesystem hands out whole pages: leave less room in events.jsonl's last page than the next
  // line needs, so the kernel takes only part of it (a short write), as on the reported server.
  const note = '长'.repeat(500);
  while (4096 - ((await stat(path.join(t.dataDir, EVENTS_FILE))).size % 4096) > 1200)
    assert.match(await t.say(ADMIN, `进度 21 ${note}`), /已登记/);
  await disk.fill();
  const reply = await t.say(ADMIN, `进度 20 ${note}`);
  assert.match(reply, /磁盘已满/);
  assert.match(reply, /没有保存/);
  const text = await readFile(path.join(t.dataDir, EVENTS_FILE), 'utf8');
  assert.ok(text.endsWith('\n'), 'a fragment of the refused line stayed in events.jsonl');
  assert.deepEqual(
    (await eventsOnDisk(t.dataDir)).filter((e) => e.itemNo === 20).map((e) => e.type === 'update' && e.text),
    ['第一条'],
  );
  const sick = await health();
  assert.equal(sick.status, 503);
  assert.equal(sick.body.status, 'storage-fault');
  assert.equal(sick.body.storage?.problem, 'full');

  // outbox.json is rewritten through a temp file: a failed write must not leave it taking space.
  await assert.rejects(t.bot.outbox.notify('notice', ['li'], '磁盘满时的通知', 'disk-full-probe'), (err: Error) =>
    /磁盘已满/.test((err as Error & { reply?: string }).reply ?? ''),
  );
  assert.deepEqual(
    (await readdir(t.dataDir)).filter((f) => f.endsWith('.tmp')),
    [],
  );

  await disk.free();
  assert.match(await t.say(ADMIN, '进度 20 第三条'), /已登记第20项进展/);
  const well = await health();
  assert.equal(well.status, 200);
  assert.equal(well.body.status, 'ok');

  await t.restart();
  assert.deepEqual(
    t.bot.store.itemHistory(20).map((e) => e.type === 'update' && e.text),
    ['第三条', '第一条'],
  );
});
