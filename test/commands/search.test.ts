import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestBot, type TestBot } from '../helpers/testBot.js';

let t: TestBot;
before(async () => (t = await startTestBot()));
after(() => t.stop());

/** Item numbers listed in a search reply. */
const numbers = (reply: string) => [...reply.matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1]));

test('finds items by a word in the title, with number and title', async () => {
  const reply = await t.say('someone', '查 公车');
  assert.match(
    reply,
    /^含「公车」的事项共 1 项：\n8\. 关于“违规占用下属单位车辆问题整改不到位”的问题\n发送「进度 编号」查看详情。$/,
  );
});

test('a word only in the measures finds the item too', async () => {
  const item = t.bot.store.item(17)!;
  const word = item.measures.join('').slice(40, 46);
  assert.ok(!item.title.includes(word));
  assert.ok(numbers(await t.say('someone', `查 ${word}`)).includes(17), word);
});

test('several words must all appear; order and spacing do not matter', async () => {
  const both = numbers(await t.say('someone', '查 整改 制度'));
  const reversed = numbers(await t.say('someone', '查　制度　　整改'));
  assert.deepEqual(both, reversed);
  const onlyFirst = numbers(await t.say('someone', '查 制度'));
  assert.ok(both.length > 0 && both.every((no) => onlyFirst.includes(no)));
  for (const no of both) {
    const item = t.bot.store.item(no)!;
    const text = item.title + item.measures.join('');
    assert.ok(text.includes('整改') && text.includes('制度'), `item ${no}`);
  }
});

test('the alias 搜索 and a missing space work', async () => {
  assert.deepEqual(numbers(await t.say('someone', '搜索 公车')), [8]);
  assert.deepEqual(numbers(await t.say('someone', '查公车')), [8]);
});

test('a common word lists the first 15 and says how many more, within the text limit', async () => {
  const reply = await t.say('someone', '查 整改');
  const total = Number(/共 (\d+) 项/.exec(reply)![1]);
  assert.ok(total > 15, String(total));
  assert.equal(numbers(reply).length, 15);
  assert.match(reply, new RegExp(`……另有 ${total - 15} 项，请加关键词缩小范围。`));
  assert.ok(Buffer.byteLength(reply) <= 2048);
});

test('nothing found, or no word at all, gets a clear message', async () => {
  assert.equal(
    await t.say('someone', '查 火星基地'),
    '没有找到含「火星基地」的事项。换个词试试，或发送「台账」看全部。',
  );
  assert.equal(await t.say('someone', '查'), '请在「查」后写关键词，例如：查 公车');
});
