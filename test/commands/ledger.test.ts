import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';

let t: TestBot;
before(async () => (t = await startTestBot()));
after(() => t.stop());

test('台账 sums up the bundled report: 53 items, 26/27 by status, per category', async () => {
  const reply = await t.say('someone', '台账');
  const lines = reply.split('\n');
  assert.equal(lines[0], '【巡察整改台账】共 53 项');
  assert.ok(lines.includes('已完成整改：26 项'), reply);
  assert.ok(lines.includes('阶段性完成并需长期坚持：27 项'), reply);
  assert.ok(lines.includes('完成率：49.1%'), reply);
  assert.ok(!reply.includes('整改中'), 'a status no item has is not listed');
  const categories = lines.filter((l) => /^\([一二三四五六]\)/.test(l)).map((l) => l.split(' ').at(-1));
  assert.deepEqual(categories, ['1/4', '6/9', '1/3', '3/9', '10/18', '5/10']);
  assert.ok(Buffer.byteLength(reply) <= 2048);
});

test('status changes are counted: a moving item appears under its status', async () => {
  const at = t.clock.now();
  const [done, moving] = t.bot.store
    .items()
    .filter((i) => i.categoryIndex === 0 && i.status === '阶段性完成并需长期坚持');
  await t.bot.store.append([
    { type: 'status', itemNo: done!.no, by: ADMIN, at, status: '已完成整改' },
    { type: 'status', itemNo: moving!.no, by: ADMIN, at, status: '整改中' },
  ]);
  const lines = (await t.say('someone', '台账')).split('\n');
  assert.ok(lines.includes('已完成整改：27 项'));
  assert.ok(lines.includes('阶段性完成并需长期坚持：25 项'));
  assert.ok(lines.includes('整改中：1 项'));
  assert.ok(lines.includes('完成率：50.9%'));
  assert.equal(
    lines
      .find((l) => l.startsWith('(一)'))!
      .split(' ')
      .at(-1),
    '2/4',
  );
});

test('the summary is the same after a restart', async () => {
  const before = await t.say('someone', '台账');
  await t.restart();
  assert.equal(await t.say('someone', '台账'), before);
});
