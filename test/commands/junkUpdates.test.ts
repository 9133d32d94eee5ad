import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { assertNothingStored } from '../helpers/workflowHelpers.js';

let t: TestBot;
before(async () => {
  t = await startTestBot();
});
after(() => t.stop());

test('「进度 21号」 and 「第21项」 show item 21 and store nothing', async () => {
  await assertNothingStored(t, async () => {
    assert.match(await t.say(ADMIN, '进度 21号'), /^【第21项】/);
    assert.match(await t.say(ADMIN, '第21项'), /^【第21项】/);
  });
});

for (const [typed, answer] of [
  ['进度 21。', /^「。」不像一条说明，没有登记。请写清做了什么，例如：进度 21 清淤完成75%$/],
  ['进度 21 ……', /^「……」不像一条说明/],
  ['进度 21 好', /^「好」不像一条说明/],
  ['完成 21 ！', /^「！」不像一条说明/],
  ['进度 2O', /^「2O」是指第 2 项吗？编号后请空一格再写/],
  ['进度 21,22', /^是要处理第 21 项和其他几项吗？一次只能写一项/],
  ['进度 21，22 清淤', /^是要处理第 21 项和其他几项吗？/],
] as const) {
  test(`「${typed}」 is answered with how to write it, and nothing is stored`, async () => {
    await assertNothingStored(t, async () => {
      assert.match(await t.say(ADMIN, typed), answer);
    });
  });
}

test('a real note is stored exactly as typed, punctuation and all', async () => {
  const note = '号召群众清理河道。（已完成一半）';
  assert.match(await t.say(ADMIN, `进度 21 ${note}`), /^已登记第21项进展/);
  assert.equal((await lastEvent()).text, note);
  assert.match(await t.say(ADMIN, '进度 21 OK'), /^已登记第21项进展/);
  assert.equal((await lastEvent()).text, 'OK');
});

async function lastEvent(): Promise<{ text?: string }> {
  return (await eventsOnDisk(t.dataDir)).at(-1) as { text?: string };
}
