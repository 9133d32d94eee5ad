import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { cardsTo, cardUpdates, click } from '../cards/cardClicks.js';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { cli } from '../helpers/runCli.js';
import { ADMIN, nextMsgId, startTestBot, type TestBot } from '../helpers/testBot.js';
import { assertNothingStored, jpeg, noticesTo, sendImage } from '../helpers/workflowHelpers.js';

const MINUTE = 60_000;

let t: TestBot;
before(async () => {
  t = await startTestBot();
  for (const no of [21, 22, 23, 24, 28, 30, 31, 32, 35]) await t.say(ADMIN, `指派 ${no} officer1`);
  await t.say(ADMIN, '指派 30 officer1、officer2');
});
after(() => t.stop());

test('the owner takes back an update within 30 minutes: 进度 shows the one before, 历史 keeps both', async () => {
  await t.say('officer1', '进度 21 宣传栏更新50%');
  t.clock.advance(MINUTE);
  await t.say('officer1', '进度 2１ 宣传栏更新90%');
  t.clock.advance(29 * MINUTE);
  assert.equal(
    await t.say('officer1', '撤回'),
    '已撤回：第21项的进展「宣传栏更新90%」（11-27 10:01）。\n完成度恢复为 50%。',
  );
  const view = await t.say('someone', '进度 21');
  assert.match(view, /完成度：50%/);
  assert.match(view, /最新进展：\n· 11-27 10:00 officer1：宣传栏更新50%\n/);
  assert.doesNotMatch(view, /90%/);
  const history = (await t.say('someone', '历史 21')).split('\n');
  assert.deepEqual(history.slice(1, 4), [
    '11-27 10:30 officer1 撤回：11-27 10:01 的进展「宣传栏更新90%」',
    '11-27 10:01 officer1 进展：宣传栏更新90%（已撤回）',
    '11-27 10:00 officer1 进展：宣传栏更新50%',
  ]);
  const last = (await eventsOnDisk(t.dataDir)).at(-1)!;
  assert.equal(last.type, 'retract');
  assert.equal(last.type === 'retract' && last.target, last.seq - 1);
});

test('the next 撤回 takes the one before; something taken back cannot be taken back again', async () => {
  assert.match(
    await t.say('officer1', '撤回'),
    /^已撤回：第21项的进展「宣传栏更新50%」（11-27 10:00）。\n完成度恢复为未填写。$/,
  );
  await assertNothingStored(t, async () => {
    assert.equal(
      await t.say('officer1', '撤回'),
      '你 30 分钟内没有可撤回的进展、照片或销号申请。更早的请联系管理员（admin1）撤回。',
    );
    assert.equal(
      await t.say('officer1', '撤回 21'),
      '第21项没有你登记的可撤回的进展、照片或销号申请（已撤回的不能再撤回）。',
    );
  });
  assert.doesNotMatch(await t.say('someone', '进度 21'), /最新进展|完成度/);
});

test('a photo taken back no longer counts as evidence, and the same photo may be sent again', async () => {
  t.clock.advance(40 * MINUTE);
  await t.say('officer1', '进度 22 清淤');
  t.api.addMedia('R1', jpeg('r1', 2048));
  assert.match(await sendImage(t, 'officer1', 'R1'), /该项现有 1 张/);
  assert.equal(await t.say('officer1', '撤回'), '已撤回：第22项的佐证照片（2 KB）（11-27 11:10）。');
  assert.doesNotMatch(await t.say('someone', '进度 22'), /佐证材料/);
  assert.match(await sendImage(t, 'officer1', 'R1'), /该项现有 1 张/);
});

test('taking back a 完成 restores the status before it and tells the admins', async () => {
  t.clock.advance(40 * MINUTE);
  await t.say('officer1', '完成 23 已整改完毕');
  assert.match(await t.say('someone', '进度 23'), /^【第23项】待销号/);
  t.clock.advance(5 * MINUTE);
  assert.equal(
    await t.say('officer1', '撤回 23 还差验收'),
    '已撤回：第23项的销号申请（11-27 11:50）。\n状态恢复为「阶段性完成并需长期坚持」，已告知管理员。',
  );
  assert.match(await t.say('someone', '进度 23'), /^【第23项】阶段性完成并需长期坚持/);
  const notices = await noticesTo(t, ADMIN);
  assert.equal(
    notices.at(-1),
    '第23项的销号申请（11-27 11:50）已由 officer1 撤回，状态恢复为「阶段性完成并需长期坚持」，无需核实。',
  );
  // The submission's card still has its buttons; 销号 now refuses, since nothing awaits it.
  const card = (await cardsTo(t, ADMIN)).at(-1);
  assert.equal(card.main_title.title, '第23项申请销号');
  await assertNothingStored(t, async () => {
    assert.match(
      (await click(t, ADMIN, card.task_id, 'close')).text,
      /当前是「阶段性完成并需长期坚持」，还没有申请销号/,
    );
    assert.match(await t.say(ADMIN, '销号 23'), /当前是「阶段性完成并需长期坚持」，还没有申请销号/);
  });
  assert.equal(cardUpdates(t).at(-1)?.button.replace_name, '未执行：现为阶段性完成并需长期坚持');
});

test('after 30 minutes the owner is told the limit and that an admin can do it', async () => {
  t.clock.advance(40 * MINUTE);
  await t.say('officer1', '进度 24 开会部署');
  t.clock.advance(31 * MINUTE);
  await assertNothingStored(t, async () => {
    assert.equal(
      await t.say('officer1', '撤回 24'),
      '第24项你最近的进展「开会部署」是 11-27 12:35 登记的，已超过 30 分钟，自己不能撤回。如确需撤回，请联系管理员（admin1）。',
    );
    assert.match(await t.say('officer1', '撤回'), /^你 30 分钟内没有可撤回的/);
  });
});

test('an admin takes back anyone’s newest on an item, at any time, and its author is told', async () => {
  t.clock.advance(40 * MINUTE);
  await t.say('officer1', '进度 28 2O号');
  t.clock.advance(3 * 24 * 60 * MINUTE);
  assert.equal(await t.say(ADMIN, '撤回 28 编号写错'), '已撤回：第28项的进展「2O号」（11-27 13:46）。');
  assert.doesNotMatch(await t.say('someone', '进度 28'), /最新进展/);
  assert.equal(
    (await noticesTo(t, 'officer1')).at(-1),
    'admin1 撤回了你在第28项的进展「2O号」（11-27 13:46）：编号写错',
  );
});

test('a non-admin cannot take back someone else’s', async () => {
  await t.say('officer2', '进度 30 officer2 的进展');
  await assertNothingStored(t, async () => {
    assert.equal(
      await t.say('officer1', '撤回 30'),
      '第30项没有你登记的可撤回记录。别人登记的只有管理员（admin1）可以撤回。',
    );
    assert.match(await t.say('officer1', '撤回'), /^你 30 分钟内没有可撤回的/);
  });
  assert.match(await t.say('someone', '进度 30'), /officer2 的进展/);
});

test('a 完成 an admin acted on cannot be taken back: the reply says who and when', async () => {
  await t.say('officer1', '完成 31 已办结');
  t.clock.advance(2 * MINUTE);
  await t.say(ADMIN, '销号 31');
  await assertNothingStored(t, async () => {
    assert.match(
      await t.say('officer1', '撤回 31'),
      /^第31项的销号申请已被 admin1 于 11-30 \d\d:\d\d 销号，不能撤回。$/,
    );
    assert.match(await t.say(ADMIN, '撤回 31'), /已被 admin1 于 .* 销号，不能撤回/);
  });
  assert.match(await t.say('someone', '进度 31'), /^【第31项】已完成整改/);
});

let retried = '';
test('a WeCom retry of the same 撤回 takes back one thing, not two', async () => {
  t.clock.advance(40 * MINUTE);
  await t.say('officer1', '进度 32 第一条');
  await t.say('officer1', '进度 32 第二条');
  retried = nextMsgId();
  const reply = await t.say('officer1', '撤回', retried);
  assert.match(reply, /第二条/);
  await assertNothingStored(t, async () => {
    assert.equal(await t.say('officer1', '撤回', retried), reply);
  });
  assert.match(await t.say('someone', '进度 32'), /第一条/);
});

test('what was taken back is in neither the digest nor the export, and all of it survives a restart', async () => {
  t.clock.advance(40 * MINUTE);
  await t.say('officer1', '进度 35 应当留下的进展');
  await t.say('officer1', '进度 35 打错的进展');
  await t.say('officer1', '撤回');
  const digest = await t.say(ADMIN, '周报');
  assert.match(digest, /应当留下的进展/);
  assert.doesNotMatch(digest, /打错的进展|撤回/);
  const before = { view: await t.say('someone', '进度 35'), history: await t.say('someone', '历史 35') };
  await t.restart();
  await assertNothingStored(t, async () => {
    assert.equal(await t.say('officer1', '撤回', retried), '这条撤回已处理过。');
  });
  assert.equal(await t.say('someone', '进度 35'), before.view);
  assert.equal(await t.say('someone', '历史 35'), before.history);
  assert.match(before.history, /打错的进展（已撤回）/);
  const out = path.join(os.tmpdir(), `retract-${process.pid}.csv`);
  const run = await cli(['export', '--format', 'csv', '--out', out], { DATA_DIR: t.dataDir, TZ: 'Asia/Shanghai' });
  assert.equal(run.code, 0, run.stderr);
  const csv = await readFile(out, 'utf8');
  assert.match(csv, /应当留下的进展/);
  assert.doesNotMatch(csv, /打错的进展|2O号|宣传栏更新90%/);
});

test('help lists 撤回 and explains it alone', async () => {
  assert.match(await t.say('someone', '帮助'), /· 撤回 —— 撤回自己30分钟内最近一条进展、照片或销号申请/);
  assert.match(await t.say('someone', '帮助 撤回'), /^「撤回」：\n· 撤回 ——/);
});

test('after a take-back and a new 完成, the old card decides nothing; the new card closes the item', async () => {
  t.clock.advance(40 * MINUTE);
  await t.say('officer1', '完成 28 第一次申请');
  const old = (await cardsTo(t, ADMIN)).at(-1);
  await t.say('officer1', '撤回 28');
  await t.say('officer1', '完成 28 补齐材料后再次申请');
  const fresh = (await cardsTo(t, ADMIN)).at(-1);
  assert.notEqual(fresh.task_id, old.task_id);
  await assertNothingStored(t, async () => {
    assert.match((await click(t, ADMIN, old.task_id, 'close')).text, /^这张卡片上的销号申请已撤回或已重新提交，第28项/);
  });
  assert.equal(cardUpdates(t).at(-1)?.button.replace_name, '已失效：申请已撤回或重新提交');
  assert.match(await t.say('someone', '进度 28'), /^【第28项】待销号/);
  assert.match((await click(t, ADMIN, fresh.task_id, 'close')).text, /已销号|已完成整改/);
  assert.match(await t.say('someone', '进度 28'), /^【第28项】已完成整改/);
});
