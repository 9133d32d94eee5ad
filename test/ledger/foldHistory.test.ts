import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldHistory } from '../../src/ledger/foldHistory.js';
import { applyEvent, itemFromBase } from '../../src/ledger/foldItem.js';
import type { ItemBase, ItemEvent } from '../../src/ledger/item.js';

const base: ItemBase = {
  no: 7,
  category: '类别',
  categoryIndex: 0,
  title: '关于“某事”的问题',
  measures: ['一是……'],
  status: '阶段性完成并需长期坚持',
};
const common = { itemNo: 7, by: 'officer1' };
const events: ItemEvent[] = [
  { ...common, seq: 1, at: 1000, type: 'update', text: '完成30%', percent: 30 },
  { ...common, seq: 2, at: 2000, type: 'evidence', file: 'a.jpg', sha256: 'a', bytes: 1, mediaId: 'm' },
  { ...common, seq: 3, at: 3000, type: 'update', text: '完成80%', percent: 80 },
  { ...common, seq: 4, at: 4000, type: 'status', status: '待销号', note: '做完了' },
];

test('without anything taken back it is the forward fold, event by event', () => {
  const forward = itemFromBase(base);
  for (const e of events) applyEvent(forward, e);
  assert.deepEqual(foldHistory(base, events, new Set()), forward);
});

test('an update, a photo and a 完成 taken back leave the view as if they never happened', () => {
  const retracts: ItemEvent[] = [
    { ...common, seq: 5, at: 5000, type: 'retract', target: 4 },
    { ...common, seq: 6, at: 6000, type: 'retract', target: 3 },
    { ...common, seq: 7, at: 7000, type: 'retract', target: 2 },
  ];
  const item = foldHistory(base, [...events, ...retracts], new Set([2, 3, 4]))!;
  assert.equal(item.status, '阶段性完成并需长期坚持');
  assert.equal(item.percent, 30);
  assert.deepEqual(item.latest, { text: '完成30%', by: 'officer1', at: 1000 });
  assert.equal(item.evidenceCount, 0);
  // Taking back is not activity, but the view did change: caches keyed on lastSeq must see it.
  assert.equal(item.updatedAt, 1000);
  assert.equal(item.lastSeq, 7);
});

test('an item added after the import folds from its add event; one removed has no view', () => {
  const add: ItemEvent = { ...common, seq: 1, at: 1000, type: 'add', item: { ...base, title: '新增' } };
  const update: ItemEvent = { ...common, seq: 2, at: 2000, type: 'update', text: '已部署' };
  assert.equal(foldHistory(undefined, [add, update], new Set([2]))!.title, '新增');
  assert.equal(foldHistory(undefined, [add, update], new Set([2]))!.latest, undefined);
  const remove: ItemEvent = { ...common, seq: 3, at: 3000, type: 'remove' };
  assert.equal(foldHistory(base, [update, remove], new Set()), undefined);
});
