import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Item } from '../../src/ledger/item.js';
import { byUrgency, filterItems } from '../../src/page/itemListing.js';

function item(no: number, over: Partial<Item> = {}): Item {
  return {
    no,
    category: 'c',
    categoryIndex: 0,
    title: `问题${no}`,
    measures: [],
    status: '整改中',
    officers: [],
    evidenceCount: 0,
    lastSeq: 0,
    ...over,
  };
}

const TODAY = '2026-06-15';

test('urgency: overdue, then soonest deadline, then idle open, long-term, closed — deadlines counted as in 我的', () => {
  const items = [
    item(1, { status: '已完成整改' }),
    item(2, { status: '阶段性完成并需长期坚持' }),
    item(3, { updatedAt: 5000 }),
    item(4, { updatedAt: 1000 }),
    item(5, { deadline: { text: '', date: '2026-07-01' } }),
    item(6, { deadline: { text: '', date: '2026-06-20' } }),
    item(7, { deadline: { text: '', date: '2026-05-01' } }),
    item(8, { deadline: { text: '', date: '2026-06-10' }, status: '待销号' }),
    item(9, { deadline: { text: '', date: '2026-06-01' }, status: '阶段性完成并需长期坚持' }),
  ];
  // 8 waits on the admins, so its passed date no longer counts; 9's does, as chat's 进度 9 says 逾期 14 天.
  assert.deepEqual(
    byUrgency(
      items.map((i) => ({ item: i, createdAt: 0 })),
      TODAY,
    ).map((e) => e.item.no),
    [7, 9, 6, 5, 8, 4, 3, 2, 1],
  );
});

test('filters combine; words match problem, measures, unit and officers, full-width folded', () => {
  const items = [
    item(1, { officers: ['ZhangSan'], unit: '河道办', measures: ['清淤'] }),
    item(2, { officers: ['lisi'], unit: '河道办', categoryIndex: 1 }),
    item(3, { status: '待销号', title: '公车问题', deadline: { text: '', date: '2026-06-01' } }),
    item(4, { status: '阶段性完成并需长期坚持', deadline: { text: '', date: '2026-06-01' } }),
  ];
  const nos = (f: Parameters<typeof filterItems>[1]) => filterItems(items, f, TODAY).map((i) => i.no);
  assert.deepEqual(nos({ officer: 'zhangsan' }), [1]);
  assert.deepEqual(nos({ unit: '河道办', categoryIndex: 1 }), [2]);
  assert.deepEqual(nos({ status: '待销号' }), [3]);
  assert.deepEqual(nos({ q: '清淤 河道办' }), [1]);
  assert.deepEqual(nos({ q: '公车' }), [3]);
  assert.deepEqual(nos({ overdue: true }), [4]);
});
