import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAssignees } from '../../src/bot/parseAssignees.js';
import { Roster } from '../../src/people/Roster.js';

const roster = new Roster([
  { name: '张三', userId: 'zhangsan', department: '河道办' },
  { name: '张三', userId: 'zhangsan2', department: '财政所' },
  { name: '李四', userId: 'lisi', department: '河道办' },
  { name: '王五', userId: 'wangwu', department: '城管中队' },
]);

test('names and userids, separated by 、，, or spaces; the unit last, by its ending', () => {
  assert.deepEqual(parseAssignees('李四、王五 河道办', roster), {
    officers: [
      { userId: 'lisi', name: '李四' },
      { userId: 'wangwu', name: '王五' },
    ],
    unit: '河道办',
  });
  assert.deepEqual(parseAssignees('李四，zhangsan2,WANGWU 城管执法中队', roster), {
    officers: [
      { userId: 'lisi', name: '李四' },
      { userId: 'zhangsan2', name: '张三' },
      { userId: 'wangwu', name: '王五' },
    ],
    unit: '城管执法中队',
  });
});

test('a shared name is answered with everyone it could be, with their departments', () => {
  const r = parseAssignees('张三 河道办', roster);
  assert.ok('error' in r);
  assert.equal(
    r.error,
    '「张三」有 2 人：张三（zhangsan，河道办）、张三（zhangsan2，财政所）。请改写 userid，例如「zhangsan」。',
  );
});

test('a word that is neither a known person nor a unit is asked about, never made a unit', () => {
  for (const text of ['Wang Wu', '李四 赵六', '李四 城建']) {
    const r = parseAssignees(text, roster);
    assert.ok('error' in r, text);
    assert.match(r.error, /名册里没有「(Wang|赵六|城建)」。是人员的话请先加入名册：.*people\.csv.*people sync/);
  }
  assert.match((parseAssignees('李四 城建', roster) as { error: string }).error, /若「城建」是责任单位，请写全称/);
  assert.match((parseAssignees('河道办 李四', roster) as { error: string }).error, /请写在最后/);
});

test('without a roster, userids work as before and Wang Wu is two userids, not a person and a unit', () => {
  const empty = new Roster([]);
  assert.deepEqual(parseAssignees('Wang Wu', empty), { officers: [{ userId: 'Wang' }, { userId: 'Wu' }] });
  assert.ok('error' in parseAssignees('张三', empty));
});
