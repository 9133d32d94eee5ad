import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapStatus } from '../../src/import/mapStatus.js';
import { parseDeadline } from '../../src/import/parseDeadline.js';
import { splitPeople } from '../../src/import/splitPeople.js';

test('every status word seen in published notices maps onto the bot’s states, wording kept', () => {
  const groups: Record<string, string[]> = {
    已完成整改: ['已完成整改', '已完成', '已整改', '已整改到位', '完成整改', '已办结', '已销号。'],
    阶段性完成并需长期坚持: [
      '阶段性完成并需长期坚持',
      '长期任务取得阶段性成效',
      '基本完成',
      '取得阶段性成果并持续整改',
      '长期坚持',
      '持续整改',
      '已完成整改，需长期坚持',
    ],
    整改中: ['正在整改', '整改中', '部分整改', '推进中', '达到序时进度', '未整改', '尚未整改', '未完成', '滞后'],
    待销号: ['待销号'],
  };
  for (const [status, words] of Object.entries(groups))
    for (const word of words) assert.equal(mapStatus(word).status, status, word);
  assert.deepEqual(mapStatus('已办结。'), { status: '已完成整改', statusText: '已办结', known: true });
  assert.deepEqual(mapStatus('已完成整改'), { status: '已完成整改', known: true });
  assert.deepEqual(mapStatus('研究中'), { status: '整改中', statusText: '研究中', known: false });
});

test('deadlines in every form become a calendar date or a long-term marker', () => {
  assert.deepEqual(parseDeadline(new Date(Date.UTC(2025, 5, 30))), { text: '2025-06-30', date: '2025-06-30' });
  assert.deepEqual(parseDeadline(45838), { text: '2025-06-30', date: '2025-06-30' });
  const date = (text: string) => parseDeadline(text)?.date;
  assert.equal(date('2025年6月30日'), '2025-06-30');
  assert.equal(date('２０２５年６月３０日前'), '2025-06-30');
  assert.equal(date('2024年2月底前'), '2024-02-29');
  assert.equal(date('2026年12月底前'), '2026-12-31');
  assert.equal(date('2025.9.30'), '2025-09-30');
  assert.equal(date('2025年年底'), '2025-12-31');
  assert.equal(date('2025年第三季度'), '2025-09-30');
  assert.equal(date('2026年上半年'), '2026-06-30');
  assert.equal(date('2025年13月'), undefined);
  assert.deepEqual(parseDeadline('长期坚持'), { text: '长期坚持', longTerm: true });
  assert.deepEqual(parseDeadline('2025年6月底前完成，长期坚持'), {
    text: '2025年6月底前完成，长期坚持',
    date: '2025-06-30',
    longTerm: true,
  });
  assert.deepEqual(parseDeadline('立行立改'), { text: '立行立改' });
  assert.equal(parseDeadline('  '), undefined);
  assert.equal(parseDeadline(null), undefined);
});

test('several people in one cell', () => {
  assert.deepEqual(splitPeople('张三、李四'), ['张三', '李四']);
  assert.deepEqual(splitPeople('张三，李四;王五 / 赵六\n钱七'), ['张三', '李四', '王五', '赵六', '钱七']);
  assert.deepEqual(splitPeople(''), []);
});
