import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { assertNothingStored } from '../helpers/workflowHelpers.js';

let t: TestBot;
before(async () => {
  t = await startTestBot();
  await t.say(ADMIN, '指派 22 officer2');
  assert.match(await t.say('officer2', '进度 22 清淤完成80%'), /完成度 80%/);
  await t.say('officer2', '完成 22 清淤已验收');
  await t.say(ADMIN, '销号 22');
});
after(() => t.stop());

test('销号 sets the item to 100%', async () => {
  const view = await t.say('someone', '进度 22');
  assert.match(view, /^【第22项】已完成整改/);
  assert.match(view, /\n完成度：100%\n/);
});

test('an update on a closed item is stored, and the reply says it is closed and how to reopen it', async () => {
  const reply = await t.say('officer2', '进度 22 又发现淤积60%');
  assert.equal(
    reply,
    '已登记第22项进展：\n又发现淤积60%\n第22项已销号（已完成整改），完成度不变。如需重新整改，请管理员发送「退回 22 原因」。',
  );
  const last = (await eventsOnDisk(t.dataDir)).at(-1);
  assert.ok(last?.type === 'update' && last.itemNo === 22 && last.text === '又发现淤积60%');
  assert.match(await t.say('someone', '进度 22'), /\n完成度：100%\n/);
});

test('an impossible percent is answered and nothing is stored', async () => {
  await assertNothingStored(t, async () => {
    for (const text of ['进度 23 清淤完成150%', '进度 23 150%', '进度 23 完成１５０％']) {
      assert.equal(
        await t.say(ADMIN, text),
        '完成度应在 0–100% 之间，这条没有登记。请改正后再发，例如：进度 23 清淤完成75%',
        text,
      );
    }
  });
});
