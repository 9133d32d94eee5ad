import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { assertNothingStored } from '../helpers/workflowHelpers.js';

let t: TestBot;
before(async () => (t = await startTestBot()));
after(() => t.stop());

test('台帐 is answered like 台账', async () => {
  const ledger = await t.say('someone', '台账');
  assert.match(ledger, /^【巡察整改台账】/);
  assert.equal(await t.say('someone', '台帐'), ledger);
});

test('a near miss of a command word gets a did-you-mean with the rest of the message', async () => {
  await assertNothingStored(t, async () => {
    assert.equal(await t.say('someone', '进读 20'), '你是不是想发「进度 20」？');
    assert.equal(await t.say('someone', '进读20'), '你是不是想发「进度20」？');
    assert.equal(await t.say('someone', '台仗'), '你是不是想发「台账」？');
    assert.equal(await t.say('someone', 'hlep'), '你是不是想发「help」？');
  });
});

test('text far from every command word still gets the help', async () => {
  const help = await t.say('someone', '帮助');
  for (const text of ['你好', '进 度 20', '今天下雨', '20']) assert.equal(await t.say('someone', text), help, text);
});

test('进度20号, 进度 第20项 and 第20项 read as item 20', async () => {
  const view = await t.say('someone', '进度 20');
  assert.match(view, /^【第20项】/);
  for (const text of ['进度20号', '进度 20号', '进度 第20项', '第20项', '第 20 项', '第20号'])
    assert.equal(await t.say('someone', text), view, text);
});

test('notes keep what was typed, 号 and 项 inside a note included', async () => {
  await t.say(ADMIN, '指派 21 officer1');
  assert.match(await t.say('officer1', '进度21号 清淤完成'), /^已登记第21项进展：\n清淤完成$/);
  assert.match(await t.say('officer1', '第21项 宣传栏更新'), /^已登记第21项进展：\n宣传栏更新$/);
  assert.match(await t.say('officer1', '进度 21 号召群众参与'), /^已登记第21项进展：\n号召群众参与$/);
  assert.match(await t.say('officer1', '进度 21 项目已开工'), /^已登记第21项进展：\n项目已开工$/);
  const notes = (await eventsOnDisk(t.dataDir))
    .filter((e) => e.type === 'update')
    .map((e) => e.type === 'update' && e.text);
  assert.deepEqual(notes, ['清淤完成', '宣传栏更新', '号召群众参与', '项目已开工']);
});

test('帮助 指派 shows that one command with its examples', async () => {
  const reply = await t.say('someone', '帮助 指派');
  assert.equal(
    reply,
    ['「指派」（管理员）：', '· 指派 20 张三、李四 河道办 —— 管理员按姓名或 userid 指定责任人（和责任单位）'].join(
      '\n',
    ),
  );
  assert.match(await t.say('someone', '帮助 台帐'), /^「台账」（也可以写：台帐）：\n· 台账 —— /);
  assert.match(await t.say('someone', '帮助 进读'), /^没有「进读」这个命令。你是不是想看「帮助 进度」？/);
  assert.match(await t.say('someone', '帮助 天气'), /^没有「天气」这个命令。发「帮助」看全部命令。/);
});
