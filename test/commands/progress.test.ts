import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';

let t: TestBot;
before(async () => (t = await startTestBot()));
after(() => t.stop());

test('进度 20 shows item 20 within the text limit', async () => {
  const reply = await t.say('someone', '进度 20');
  assert.match(reply, /^【第20项】已完成整改/);
  assert.match(reply, /凌云山/);
  assert.ok(Buffer.byteLength(reply) <= 2048);
});

test('an admin update is stored with its percentage and shown newest first', async () => {
  assert.match(await t.say(ADMIN, '进度 20 清淤完成75%'), /已登记第20项进展（完成度 75%）/);
  t.clock.advance(60_000);
  await t.say(ADMIN, '进度 20 验收中');
  const reply = await t.say('someone', '进度 20');
  assert.match(reply, /完成度：75%/);
  assert.ok(reply.indexOf('验收中') < reply.indexOf('清淤完成75%'), reply);
});
