import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { formatPeopleCsv } from '../../src/people/peopleCsv.js';
import { importLedger } from '../../src/storage/files/importLedger.js';
import { ledgerXlsx } from '../fixtures/import/buildFixtures.js';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { cli } from '../helpers/runCli.js';
import { ADMIN, START_MS, startTestBot, type TestBot, testEnv } from '../helpers/testBot.js';
import { assertNothingStored } from '../helpers/workflowHelpers.js';

// The fixture 台账: item 3 names 钱七、孙八, item 5 names 吴十 (整改中).
let t: TestBot;
let tmp: string;
let dir: string;
before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-people-'));
  dir = path.join(tmp, 'data');
  const sheet = path.join(tmp, 'ledger.xlsx');
  await writeFile(sheet, await ledgerXlsx());
  await importLedger(dir, sheet, { replace: false, now: START_MS, sheet: '整改台账' });
  await writeFile(
    path.join(dir, 'people.csv'),
    formatPeopleCsv([
      { name: '钱七', userId: 'qianqi', department: '机关纪委' },
      { name: '张三', userId: 'zhangsan', department: '河道办' },
      { name: '张三', userId: 'zhangsan2', department: '财政所' },
      { name: '李四', userId: 'lisi', department: '档案室' },
    ]),
  );
  t = await startTestBot({ dataDir: dir });
});
after(async () => {
  await t.stop();
  await rm(tmp, { recursive: true, force: true });
});

const env = () => testEnv(dir, t.api.url);

test('进度 N marks 责任人 the roster cannot bind; a bound one may update the item from the phone', async () => {
  assert.match(await t.say('someone', '进度 3'), /\n台账责任人：钱七、孙八（未绑定）\n/);
  assert.match(await t.say('qianqi', '进度 3 已开展警示教育'), /^已登记第3项进展/);
  await assertNothingStored(t, async () => {
    assert.match(await t.say('sunba', '进度 3 已开展'), /^你不能更新第3项。/);
  });
  assert.match(await t.say('qianqi', '我的'), /3/);
});

test('指派 takes names: the event holds userids, the reply the names', async () => {
  const reply = await t.say(ADMIN, '指派 5 李四、钱七 档案室');
  assert.equal(reply, '已将第5项指派给 李四（lisi）、钱七（qianqi）（责任单位：档案室），并已私信通知。');
  const [event] = (await eventsOnDisk(dir)).filter((e) => e.itemNo === 5 && e.type === 'assign');
  assert.deepEqual(event && 'officers' in event && [event.officers, event.unit], [['lisi', 'qianqi'], '档案室']);
});

test('a shared name lists the people it could be; an unknown name says how to add it; nothing is stored', async () => {
  await assertNothingStored(t, async () => {
    assert.match(
      await t.say(ADMIN, '指派 5 张三'),
      /^「张三」有 2 人：张三（zhangsan，河道办）、张三（zhangsan2，财政所）。请改写 userid/,
    );
    assert.match(await t.say(ADMIN, '指派 5 王五'), /^名册里没有「王五」。.*people\.csv.*people sync/);
    assert.match(await t.say(ADMIN, '指派 5 Wang Wu'), /^名册里没有「Wang」/);
  });
});

test('people sync reads the contacts the app may see; names then bind without a restart', async () => {
  t.api.setContacts({
    departments: [
      { id: 2, name: '机关纪委' },
      { id: 3, name: '档案室' },
    ],
    users: [
      { userid: 'sunba', name: '孙八', department: [2] },
      { userid: 'wushi', name: '吴十', department: [3] },
      { userid: 'lisi', name: '李四', department: [2, 3] },
    ],
  });
  const run = await cli(['people', 'sync'], env());
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /已从企业微信通讯录同步 3 人/);
  assert.match(run.stdout, /新增 2 人，更新 1 人，保留手工添加的 3 人。/);
  const file = await readFile(path.join(dir, 'people.csv'), 'utf8');
  assert.ok(file.startsWith('\uFEFF姓名,userid,部门\r\n孙八,sunba,机关纪委\r\n'));
  assert.match(await t.say('someone', '进度 3'), /\n台账责任人：钱七、孙八\n/);
  assert.match(await t.say('sunba', '进度 3 补充材料'), /^已登记第3项进展/);
  assert.match(await t.say('wushi', '进度 5 档案数字化过半'), /^已登记第5项进展/);
});

test('a refused contact read is explained in Chinese and leaves people.csv alone', async () => {
  const before = await readFile(path.join(dir, 'people.csv'));
  t.api.inject('/cgi-bin/user/simplelist', [{ errcode: 60011, errmsg: 'no privilege to access/modify contact' }]);
  const run = await cli(['people', 'sync'], env());
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /同步失败（user\/simplelist）：应用无权读取这些成员：在管理后台把应用的可见范围设为需要同步的部门/,
  );
  assert.match(run.stderr, /people\.csv 未改动/);
  assert.deepEqual(await readFile(path.join(dir, 'people.csv')), before);
});

test('cli people lists the roster and the names nobody binds', async () => {
  const run = await cli(['people'], env());
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /共 6 人：\n {2}孙八\tsunba\t机关纪委\n/);
  assert.match(run.stdout, /未绑定（\d+）：[\s\S]*周九：名册中没有，见 第4项/);
  assert.doesNotMatch(run.stdout, /钱七：/);
});
