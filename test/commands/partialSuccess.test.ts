import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';

let t: TestBot;
before(async () => (t = await startTestBot()));
after(() => t.stop());

test('an assignment saved whose notice cannot be queued says exactly that, not "nothing saved"', async () => {
  // outbox.json becomes a folder: the atomic rename onto it fails, the history file is untouched.
  const outboxFile = path.join(t.dataDir, 'outbox.json');
  await t.bot.sender.kick(); // the start-up pass rewrites outbox.json; let it finish first
  await rm(outboxFile);
  await mkdir(outboxFile);
  const reply = await t.say(ADMIN, '指派 21 lisi 社区办');
  assert.match(reply, /^已将第21项指派给 lisi（责任单位：社区办）。\n注意：以上已保存，但给 lisi 的通知没能保存/);
  assert.doesNotMatch(reply, /并已私信通知/);
  const assigned = (await eventsOnDisk(t.dataDir)).filter((e) => e.type === 'assign' && e.itemNo === 21);
  assert.equal(assigned.length, 1, 'the assignment is on disk');
  assert.match(await t.say('someone', '进度 21'), /lisi/);
});
