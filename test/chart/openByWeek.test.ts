import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openByWeek } from '../../src/chart/openByWeek.js';
import type { ItemBase, ItemEvent, Status } from '../../src/ledger/item.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-02T10:00:00+08:00');
const ZONE = 'Asia/Shanghai';

const base = (['已完成整改', '阶段性完成并需长期坚持', '整改中'] as Status[]).map(
  (status, i): ItemBase => ({ no: i + 1, category: 'c', categoryIndex: 0, title: `t${i}`, measures: [], status }),
);
let seq = 0;
const status = (itemNo: number, s: Status, at: number): ItemEvent => ({
  seq: ++seq,
  type: 'status',
  itemNo,
  by: 'u',
  at,
  status: s,
});

describe('openByWeek', () => {
  it('folds status changes into the imported statuses, one point per week, oldest first', () => {
    const events: ItemEvent[] = [
      status(3, '已完成整改', NOW - 10 * DAY),
      { seq: ++seq, type: 'update', itemNo: 2, by: 'u', at: NOW - 9 * DAY, text: '推进中' },
      status(99, '已完成整改', NOW - 8 * DAY),
      status(1, '整改中', NOW - DAY),
    ];
    assert.deepEqual(openByWeek(base, events, NOW - 21 * DAY - 3_600_000, NOW, ZONE), [
      { week: '第46周', open: 2 },
      { week: '第47周', open: 2 },
      { week: '第48周', open: 1 },
      { week: '第49周', open: 2 },
    ]);
  });

  it('shows at most the asked number of weeks', () => {
    const points = openByWeek(base, [], NOW - 100 * DAY, NOW, ZONE, 5);
    assert.deepEqual(
      points.map((p) => p.week),
      ['第45周', '第46周', '第47周', '第48周', '第49周'],
    );
  });

  it('draws no line for a ledger younger than a week', () => {
    assert.deepEqual(openByWeek(base, [status(3, '已完成整改', NOW - DAY)], NOW - 6 * DAY, NOW, ZONE), []);
  });
});
