import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dataSnapshot, eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, START_MS, startTestBot, type TestBot } from '../helpers/testBot.js';

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
  assert.match(await t.say(ADMIN, '进度 21 清淤完成75%'), /已登记第21项进展（完成度 75%）/);
  t.clock.advance(60_000);
  await t.say(ADMIN, '进度 21 验收中');
  const reply = await t.say('someone', '进度 21');
  assert.match(reply, /完成度：75%/);
  assert.ok(reply.indexOf('验收中') < reply.indexOf('清淤完成75%'), reply);
});

test('a missing space, full-width digits and a colon all reach the item', async () => {
  for (const text of ['进度20', '进度 ２０', '进度：20', '进度:20', '进度　20', ' 进度 20 ']) {
    assert.match(await t.say('someone', text), /^【第20项】/, text);
  }
});

test('numbers that are not items get a clear message, never an item', async () => {
  const cases: Array<[string, RegExp]> = [
    ['进度 0', /^没有第 0 项。台账共 53 项，编号 1–53。$/],
    ['进度 54', /^没有第 54 项。台账共 53 项，编号 1–53。$/],
    ['进度 99999999999999999999', /^没有第 99999999999999999999 项。/],
    ['进度 abc', /^请在「进度」后写事项编号，例如：进度 20（编号 1–53）$/],
    ['进度 -3', /^请在「进度」后写事项编号/],
    ['进度', /^请在「进度」后写事项编号/],
  ];
  for (const [text, expected] of cases) assert.match(await t.say('someone', text), expected, text);
});

test('every item fits one phone reply: number, category, title, status, officer, measures', async () => {
  for (let no = 1; no <= 53; no++) {
    const reply = await t.say('someone', `进度 ${no}`);
    assert.ok(Buffer.byteLength(reply) <= 2048, `item ${no}: ${Buffer.byteLength(reply)} bytes`);
    assert.match(
      reply,
      new RegExp(`^【第${no}项】(已完成整改|阶段性完成并需长期坚持)\n类别：.+\n问题：关于`),
      `item ${no}`,
    );
    assert.match(reply, /责任人：未指派/);
    assert.match(reply, /整改措施（共\d+条，摘要）：\n· /);
  }
});

test('a stranger is refused, told who may update, and nothing of the text is stored', async () => {
  const before = await dataSnapshot(t.dataDir);
  const reply = await t.say('stranger', '进度 30 机密内容不应落盘');
  assert.match(reply, /^你不能更新第30项。只有该项责任人（未指派）或管理员可以登记进展/);
  assert.deepEqual(await dataSnapshot(t.dataDir), before);
  assert.ok(!before['events.jsonl']!.includes('机密内容'));
  assert.equal(t.bot.store.itemHistory(30).length, 0);
});

test('an officer’s rights come from an assign event, for that item only, whatever the case of the userid', async () => {
  await t.bot.store.append([{ type: 'assign', itemNo: 31, by: ADMIN, at: START_MS, officers: ['li'] }]);
  assert.match(await t.say('li', '进度 31 已开展排查'), /^已登记第31项进展：\n已开展排查$/);
  assert.match(await t.say('LI', '进度 31 第二次排查'), /^已登记第31项进展/);
  assert.match(await t.say('li', '进度 32 越权登记'), /^你不能更新第32项/);
  const stored = (await eventsOnDisk(t.dataDir)).filter(
    (e) => e.type === 'update' && (e.itemNo === 31 || e.itemNo === 32),
  );
  assert.deepEqual(
    stored.map((e) => [e.itemNo, e.by]),
    [
      [31, 'li'],
      [31, 'LI'],
    ],
  );
  assert.match(await t.say('someone', '进度 31'), /责任人：li/);
});

test('only the newest three updates are shown, newest first, with who and when in the ledger’s zone', async () => {
  const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(5, 16).replace('T', ' ');
  const times: string[] = [];
  for (const text of ['第一次', '第二次', '第三次', '第四次']) {
    times.push(shanghai(t.clock.now()));
    await t.say(ADMIN, `进度 33 ${text}`);
    t.clock.advance(3_600_000 + 60_000);
  }
  const reply = await t.say('someone', '进度 33');
  assert.doesNotMatch(reply, /第一次/);
  const lines = reply.split('\n').filter((l) => l.includes(`${ADMIN}：第`));
  assert.deepEqual(lines, [
    `· ${times[3]} ${ADMIN}：第四次`,
    `· ${times[2]} ${ADMIN}：第三次`,
    `· ${times[1]} ${ADMIN}：第二次`,
  ]);
});

test('the newest updates are shown even when many other changes came after them', async () => {
  for (const text of ['早先一', '早先二', '早先三']) await t.say(ADMIN, `进度 37 ${text}`);
  const later = Array.from({ length: 20 }, (_, i) => ({
    type: 'assign' as const,
    itemNo: 37,
    by: ADMIN,
    at: t.clock.now(),
    officers: [`officer${i}`],
  }));
  await t.bot.store.append(later);
  const reply = await t.say('someone', '进度 37');
  const lines = reply.split('\n').filter((l) => l.includes(`${ADMIN}：早先`));
  assert.deepEqual(
    lines.map((l) => l.slice(l.indexOf('：') + 1)),
    ['早先三', '早先二', '早先一'],
  );
});

test('an over-long update is refused and not stored', async () => {
  const before = await dataSnapshot(t.dataDir);
  assert.match(await t.say(ADMIN, `进度 35 ${'长'.repeat(501)}`), /最多 500 字/);
  assert.deepEqual(await dataSnapshot(t.dataDir), before);
});

test('an update survives a restart', async () => {
  await t.say(ADMIN, '进度 36 重启前的进展50%');
  await t.restart();
  const reply = await t.say('someone', '进度 36');
  assert.match(reply, /完成度：50%/);
  assert.match(reply, /admin1：重启前的进展50%/);
});

test('a note is stored as typed (full-width punctuation kept); full-width digits still give the percent', async () => {
  assert.match(await t.say(ADMIN, '进度 ２３ 清淤，验收完成８０％'), /完成度 80%/);
  const [stored] = (await eventsOnDisk(t.dataDir)).filter((e) => e.itemNo === 23);
  assert.equal(stored?.type === 'update' && stored.text, '清淤，验收完成８０％');
});

test('a decimal is not an item number', async () => {
  const before = await dataSnapshot(t.dataDir);
  assert.match(await t.say(ADMIN, '进度 20.5 说明'), /编号是整数/);
  assert.deepEqual(await dataSnapshot(t.dataDir), before);
});
