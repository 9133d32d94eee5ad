import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { commands } from '../../commands/index.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';

let t: TestBot;
before(async () => (t = await startTestBot()));
after(() => t.stop());

const examples = (role: 'anyone' | 'admin') =>
  commands.filter((c) => c.role === role).flatMap((c) => c.help.map((h) => `· ${h}`));

test('帮助 lists one example per line for every command a member may use, and no admin commands', async () => {
  const reply = await t.say('someone', '帮助');
  const lines = reply.split('\n');
  assert.equal(lines[0], '巡察整改台账机器人，可以这样说：');
  for (const example of examples('anyone')) assert.ok(lines.includes(example), example);
  for (const example of examples('admin')) assert.ok(!lines.includes(example), example);
  assert.ok(lines.includes('· 进度 20 —— 查看第20项'));
  assert.ok(Buffer.byteLength(reply) <= 2048);
});

test('an admin also sees the admin commands', async () => {
  const lines = (await t.say(ADMIN, '帮助')).split('\n');
  for (const example of [...examples('anyone'), ...examples('admin')]) assert.ok(lines.includes(example), example);
});

test('its aliases and any text that is not a command get the same help', async () => {
  const help = await t.say('someone', '帮助');
  for (const text of ['help', '?', '？', '你好', '20', '   ', '进 度 20'])
    assert.equal(await t.say('someone', text), help, JSON.stringify(text));
});
