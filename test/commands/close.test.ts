import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { assertNothingStored, jpeg, noticesTo, sendImage } from '../helpers/workflowHelpers.js';

const PHOTO = jpeg('fake jpeg bytes of the cleaned river');

let t: TestBot;
before(async () => (t = await startTestBot()));
after(() => t.stop());

test('assign → update → photo → 完成 → 销号 closes the item and 台账 counts it', async () => {
  assert.match(await t.say('someone', '台账'), /已完成整改：26 项/);
  await t.say(ADMIN, '指派 21 officer1 社区办');
  assert.match(
    await t.say('colleague', '进度 21 我也来更新'),
    /你不能更新第21项。只有该项责任人（officer1）或管理员可以登记进展/,
  );
  assert.match(await t.say('officer1', '进度 21 宣传栏已更新80%'), /已登记第21项进展（完成度 80%）/);
  t.api.addMedia('MEDIA-21', PHOTO);
  assert.match(await sendImage(t, 'officer1', 'MEDIA-21'), /^已收到第21项佐证照片/);
  assert.match(await t.say('officer1', '进度 21'), /佐证材料：1 张照片/);
  assert.match(await t.say('officer1', '完成 21 宣传栏全部更新'), /状态改为「待销号」/);
  assert.equal(await t.say(ADMIN, '销号 21'), '第21项已销号，状态改为「已完成整改」。台账已完成 27/53 项。');

  assert.match(await t.say('someone', '进度 21'), /^【第21项】已完成整改/);
  assert.match(await t.say('someone', '台账'), /已完成整改：27 项/);
  const statuses = (await eventsOnDisk(t.dataDir))
    .filter((e) => e.itemNo === 21 && e.type === 'status')
    .map((e) => e.type === 'status' && e.status);
  assert.deepEqual(statuses, ['待销号', '已完成整改']);
  const evidence = (await eventsOnDisk(t.dataDir)).find((e) => e.type === 'evidence');
  assert.ok(evidence?.type === 'evidence');
  assert.deepEqual(await readFile(path.join(t.dataDir, evidence.file)), PHOTO);
  assert.match((await noticesTo(t, 'officer1')).at(-1)!, /^第21项已销号（admin1核实），状态为「已完成整改」。/);
});

test('only admins may close: an officer is told who may, and nothing is stored', async () => {
  await t.say(ADMIN, '指派 22 officer2');
  await t.say('officer2', '完成 22 做完了');
  await assertNothingStored(t, async () => {
    assert.equal(await t.say('officer2', '销号 22'), `「销号」只有管理员可以使用。\n管理员：${ADMIN}`);
  });
});

test('an item already 已完成整改 cannot be closed again', async () => {
  await assertNothingStored(t, async () => {
    assert.equal(await t.say(ADMIN, '销号 20'), '第20项已是「已完成整改」，不能重复销号。');
    assert.equal(await t.say(ADMIN, '销号 21'), '第21项已是「已完成整改」，不能重复销号。');
  });
});

test('an item nobody submitted cannot be closed: verification follows a 完成', async () => {
  await assertNothingStored(t, async () => {
    assert.equal(
      await t.say(ADMIN, '销号 23'),
      '第23项当前是「阶段性完成并需长期坚持」，还没有申请销号。请责任人先发送「完成 23 说明」，核实后再销号。',
    );
    assert.match(await t.say(ADMIN, '销号'), /请在「销号」后写事项编号/);
  });
});

test('closing may carry a note, kept with the status change', async () => {
  assert.match(await t.say(ADMIN, '销号 22 现场核实无误'), /^第22项已销号/);
  const last = (await eventsOnDisk(t.dataDir)).at(-1);
  assert.ok(last?.type === 'status' && last.status === '已完成整改' && last.note === '现场核实无误');
});
