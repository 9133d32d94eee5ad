import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { assertNothingStored, jpeg, sendImage } from '../helpers/workflowHelpers.js';

let t: TestBot;
before(async () => (t = await startTestBot()));
after(() => t.stop());

test('历史 shows every kind of event, newest first, with who and when in the ledger’s zone', async () => {
  await t.say(ADMIN, '指派 21 officer1 社区办'); // 11-27 10:00 in Asia/Shanghai
  t.clock.advance(5 * 60_000);
  await t.say('officer1', '进度 21 宣传栏更新50%');
  t.api.addMedia('M1', jpeg('', 3000));
  t.clock.advance(60_000);
  await sendImage(t, 'officer1', 'M1');
  t.clock.advance(60_000);
  await t.say('officer1', '完成 21 全部更新');
  const reply = await t.say('someone', '历史 21');
  assert.equal(
    reply,
    [
      '【第21项】最近 4 条记录，新的在前：',
      '11-27 10:07 officer1 状态→待销号：全部更新',
      '11-27 10:06 officer1 佐证照片（3 KB）',
      '11-27 10:05 officer1 进展：宣传栏更新50%',
      '11-27 10:00 admin1 指派：officer1（社区办）',
    ].join('\n'),
  );
});

test('only the last 10 are shown', async () => {
  for (let i = 1; i <= 12; i++) {
    t.clock.advance(60_000);
    await t.say(ADMIN, `进度 22 第${i}次`);
  }
  const lines = (await t.say('someone', '历史 22')).split('\n');
  assert.equal(lines[0], '【第22项】最近 10 条记录，新的在前：');
  assert.equal(lines.length, 11);
  assert.match(lines[1]!, /进展：第12次$/);
  assert.match(lines[10]!, /进展：第3次$/);
});

test('anyone may read history; an item without events or a bad number gets a clear reply; nothing is stored', async () => {
  await assertNothingStored(t, async () => {
    assert.equal(await t.say('someone', '历史 30'), '第30项还没有任何记录（进展、指派、照片都没有）。');
    assert.match(await t.say('someone', '历史 54'), /没有第 54 项/);
    assert.match(await t.say('someone', '历史'), /请在「历史」后写事项编号/);
  });
});
