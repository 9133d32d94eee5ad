import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Item, Status } from '../../src/ledger/item.js';
import { STALE_DAYS, staleItems } from '../../src/ledger/staleItems.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);
const IMPORTED = NOW - 60 * DAY;

function item(no: number, status: Status, idleDays?: number): Item {
  return {
    no,
    category: '类别',
    categoryIndex: 0,
    title: `问题${no}`,
    measures: [],
    status,
    officers: [],
    evidenceCount: 0,
    lastSeq: 0,
    ...(idleDays !== undefined && { updatedAt: NOW - idleDays * DAY }),
  };
}

test('open items idle for STALE_DAYS or more are stale, most idle first; closed items never are', () => {
  const items = [
    item(1, '整改中', STALE_DAYS - 1),
    item(2, '整改中', STALE_DAYS),
    item(3, '已完成整改', 40),
    item(4, '待销号', 30),
    item(5, '阶段性完成并需长期坚持', 30),
    item(6, '整改中'),
  ];
  const stale = staleItems({ items: () => items, createdAt: IMPORTED }, NOW);
  assert.deepEqual(
    stale.map((s) => [s.item.no, s.days]),
    [
      [6, 60],
      [4, 30],
      [5, 30],
      [2, STALE_DAYS],
    ],
  );
});

test('an item nothing happened to counts from the import', () => {
  const fresh = staleItems({ items: () => [item(1, '整改中')], createdAt: NOW - 3 * DAY }, NOW);
  assert.deepEqual(fresh, []);
});
