import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { formatPeopleCsv, readPeopleCsv } from '../../src/people/peopleCsv.js';
import { Roster } from '../../src/people/Roster.js';
import { mergeRoster } from '../../src/people/syncContacts.js';

const PEOPLE = [
  { name: '张三', userId: 'zhangsan', department: '河道办' },
  { name: '李四', userId: 'lisi', department: '财政所, 综合办' },
];

test('people.csv is written as UTF-8 with a BOM and CRLF, and reads back the same', () => {
  const text = formatPeopleCsv(PEOPLE);
  assert.ok(text.startsWith('\uFEFF姓名,userid,部门\r\n'));
  assert.match(text, /"财政所, 综合办"/);
  assert.deepEqual(readPeopleCsv(Buffer.from(text, 'utf8')), { people: PEOPLE, problems: [] });
});

test('a GBK file saved by Excel reads; bad rows are named with their row number', () => {
  const gbk = iconv.encode('名册\r\n姓名,userid,部门\r\n王五,wangwu,城管中队\r\n赵六,赵六,\r\n,,\r\n', 'gbk');
  const read = readPeopleCsv(gbk);
  assert.deepEqual(read.people, [{ name: '王五', userId: 'wangwu', department: '城管中队' }]);
  assert.deepEqual(read.problems, ['第 4 行：「赵六」不像企业微信 userid']);
});

test('a name two people share binds to neither; userids ignore case', () => {
  const roster = new Roster([...PEOPLE, { name: '张三', userId: 'zhangsan2', department: '财政所' }]);
  assert.equal(roster.byName('张三').length, 2);
  assert.equal(roster.boundUserId('张三'), undefined);
  assert.equal(roster.boundUserId('李四'), 'lisi');
  assert.equal(roster.byUserId('LISI')?.name, '李四');
});

test('a sync replaces rows WeCom returned and keeps the ones added by hand', () => {
  const merged = mergeRoster(PEOPLE, [
    { name: '张三', userId: 'ZhangSan', department: '水务站' },
    { name: '孙八', userId: 'sunba', department: '档案室' },
  ]);
  assert.deepEqual(
    merged.people.map((p) => `${p.name}/${p.userId}/${p.department}`),
    ['张三/ZhangSan/水务站', '孙八/sunba/档案室', '李四/lisi/财政所, 综合办'],
  );
  assert.deepEqual([merged.added, merged.updated, merged.kept], [1, 1, 1]);
});
