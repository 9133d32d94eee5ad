import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { noticesTo } from '../helpers/workflowHelpers.js';

const OTHER_ADMIN = 'admin2';

let t: TestBot;
before(async () => (t = await startTestBot({ env: { WECOM_ADMINS: `${ADMIN},${OTHER_ADMIN}` } })));
after(() => t.stop());

async function statusEvents(no: number): Promise<string[]> {
  return (await eventsOnDisk(t.dataDir)).flatMap((e) => (e.itemNo === no && e.type === 'status' ? [e.status] : []));
}

test('two admins closing at the same moment: one closes, the other is told who did, one notice', async () => {
  await t.say(ADMIN, '指派 30 officer1');
  await t.say('officer1', '完成 30 台账已归档');
  const answers = await Promise.all([t.say(ADMIN, '销号 30'), t.say(OTHER_ADMIN, '销号 30')]);
  const closed = answers.filter((a) => a.startsWith('第30项已销号'));
  const told = answers.filter((a) => /^第30项已被 admin[12] 于 .+ 销号，现为「已完成整改」/.test(a));
  assert.equal(closed.length, 1, answers.join(' | '));
  assert.equal(told.length, 1, answers.join(' | '));
  assert.deepEqual(await statusEvents(30), ['待销号', '已完成整改']);
  assert.equal((await noticesTo(t, 'officer1')).filter((n) => n.startsWith('第30项已销号')).length, 1);
});

test('销号 and 退回 at the same moment: exactly one wins and the item shows it', async () => {
  await t.say(ADMIN, '指派 31 officer1');
  await t.say('officer1', '完成 31 宣传已到位');
  const [close, reject] = await Promise.all([t.say(ADMIN, '销号 31'), t.say(OTHER_ADMIN, '退回 31 照片不清楚')]);
  const closeWon = close.startsWith('第31项已销号');
  const rejectWon = reject.startsWith('第31项已退回');
  assert.ok(closeWon !== rejectWon, `${close} | ${reject}`);
  const loser = closeWon ? reject : close;
  assert.match(loser, /^第31项已被 admin[12] 于 .+，现为「(已完成整改|整改中)」，你的操作没有执行/);
  assert.deepEqual(await statusEvents(31), ['待销号', closeWon ? '已完成整改' : '整改中']);
});
