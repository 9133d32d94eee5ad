import assert from 'node:assert/strict';
import { test } from 'node:test';
import { daysLeft } from '../../src/ledger/daysLeft.js';
import { STATUSES, type Item } from '../../src/ledger/item.js';
import { isOverdue } from '../../src/ledger/isOverdue.js';

const TODAY = '2026-06-15';
const PAST = { text: '6月1日', date: '2026-06-01' };

function item(status: Item['status'], deadline?: Item['deadline']): Pick<Item, 'status' | 'deadline'> {
  return { status, ...(deadline && { deadline }) };
}

test('overdue: a dated deadline before today on an item still being worked on', () => {
  assert.equal(isOverdue(item('整改中', PAST), TODAY), true);
  assert.equal(isOverdue(item('阶段性完成并需长期坚持', PAST), TODAY), true);
  assert.equal(isOverdue(item('整改中', { text: '今天', date: TODAY }), TODAY), false, 'due today is not late yet');
  assert.equal(isOverdue(item('整改中', { text: '长期坚持', longTerm: true }), TODAY), false);
  assert.equal(isOverdue(item('整改中'), TODAY), false);
});

test('an item awaiting 销号 or closed is never overdue: it no longer waits on its officers', () => {
  assert.equal(isOverdue(item('待销号', PAST), TODAY), false);
  assert.equal(isOverdue(item('已完成整改', PAST), TODAY), false);
});

test('overdue is exactly what 进度, 我的 and the digest show as 逾期 N 天', () => {
  for (const status of STATUSES)
    for (const date of ['2025-12-31', '2026-06-14', TODAY, '2026-06-16']) {
      const it = item(status, { text: date, date });
      const days = daysLeft(it, TODAY);
      assert.equal(isOverdue(it, TODAY), days !== undefined && days < 0, `${status} ${date}`);
    }
});
