/** Two openings of one database, as two instances would hold it: one history, one outbox, no double work. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { appendOnce } from '../../../src/bot/appendOnce.js';
import type { NewItemEvent } from '../../../src/ledger/item.js';
import { CLAIM_MS, type PgOutboxStore } from '../../../src/storage/postgres/PgOutboxStore.js';
import { noticeRecord } from '../../helpers/noticeRecord.js';
import type { TestLedger } from '../../helpers/openTestLedger.js';
import { STORAGE_BACKENDS, type StoreUnderTest } from '../../helpers/storageBackends.js';
import { START_MS } from '../../helpers/testBot.js';
import { waitFor } from '../../helpers/waitFor.js';

const postgres = STORAGE_BACKENDS.find((b) => b.name === 'postgres')!;
const clock = () => START_MS;
const update = (itemNo: number, text: string): NewItemEvent =>
  ({ type: 'update', itemNo, by: 'admin1', at: START_MS, text }) as NewItemEvent;

let store: StoreUnderTest;
let a: TestLedger;
let b: TestLedger;
beforeEach(async () => {
  store = await postgres.create();
  a = await store.open({ clock });
  b = await store.open({ clock });
});
afterEach(async () => {
  await a.close();
  await b.close();
  await store.cleanup();
});

test('an update appended on one instance is seen by the other within a second', async () => {
  await a.append([update(7, '第一次')]);
  const started = performance.now();
  await waitFor('b to see the update', () => b.itemHistory(7).length === 1);
  assert.ok(performance.now() - started < 1_000);
  assert.deepEqual(b.item(7), a.item(7));
});

test('appends racing on both instances get one gapless order that both views share', async () => {
  const writes: Array<Promise<unknown>> = [];
  for (let i = 0; i < 40; i++) writes.push((i % 2 ? a : b).append([update(1 + (i % 5), `u${i}`)]));
  await Promise.all(writes);
  await waitFor('both views to hold all 40', () => a.eventsSince(0).length === 40 && b.eventsSince(0).length === 40);
  assert.deepEqual(
    a.eventsSince(0).map((e) => e.seq),
    Array.from({ length: 40 }, (_, i) => i + 1),
  );
  assert.deepEqual(b.eventsSince(0), a.eventsSince(0));
  for (let no = 1; no <= 5; no++) assert.deepEqual(b.item(no), a.item(no));
});

test('one MsgId applied on both instances at once is stored once', async () => {
  for (let round = 0; round < 10; round++) {
    const msgId = `retry-${round}`;
    const results = await Promise.all([
      appendOnce({ store: a, msgId }, [update(3, `r${round}`)]),
      appendOnce({ store: b, msgId }, [update(3, `r${round}`)]),
    ]);
    assert.equal(results.filter(Boolean).length, 1, `round ${round}: ${results}`);
  }
  await waitFor('b to catch up', () => b.itemHistory(3).length === 10);
  assert.equal(a.itemHistory(3).length, 10);
});

test('a due record is claimed by one instance; its claim lapses if that instance goes quiet', async () => {
  const record = noticeRecord('notice:x:user:li');
  const outboxA = a.storage.outbox as PgOutboxStore;
  const outboxB = b.storage.outbox as PgOutboxStore;
  let heard = 0;
  outboxB.onInserted(() => heard++);
  await outboxA.insertIfAbsent([record]);
  await waitFor('b to hear of the new record', () => heard > 0);

  const claims = await Promise.all([outboxA.claim(record.id, START_MS), outboxB.claim(record.id, START_MS)]);
  assert.equal(claims.filter(Boolean).length, 1);
  const [holder, other] = claims[0] ? [outboxA, outboxB] : [outboxB, outboxA];
  assert.equal(await other.claim(record.id, START_MS + CLAIM_MS - 1), false);
  assert.equal(await holder.claim(record.id, START_MS + 1), true, 'the holder may renew');
  assert.equal(await other.claim(record.id, START_MS + 1 + CLAIM_MS), true, 'taken over once the claim lapsed');
  await other.update(record.id, { state: 'sent', sentAt: START_MS, attempts: 1 });
  assert.equal(await holder.claim(record.id, START_MS + 10 * CLAIM_MS), false, 'a sent record is nobody’s');
});

test('the scheduler lease is held by one instance at a time and passes on when its holder closes', async () => {
  const leaseA = a.storage.schedulerLease!;
  const leaseB = b.storage.schedulerLease!;
  const first = await Promise.all([leaseA.hold(), leaseB.hold()]);
  assert.equal(first.filter(Boolean).length, 1);
  const [holder, waiting] = first[0] ? [a, b] : [b, a];
  assert.equal(await holder.storage.schedulerLease!.hold(), true, 'the holder keeps it');
  assert.equal(await waiting.storage.schedulerLease!.hold(), false);
  await holder.close();
  assert.equal(await waiting.storage.schedulerLease!.hold(), true);
});

test('two admins deciding at once on two instances: one status change is stored, the other is told who acted', async () => {
  await a.append([{ type: 'status', itemNo: 21, by: 'officer1', at: START_MS, status: '待销号' }]);
  await waitFor('b to see 待销号', () => b.item(21)?.status === '待销号');
  for (let round = 0; round < 5; round++) {
    const status = round % 2 ? '待销号' : '已完成整改';
    const expected = round % 2 ? '整改中' : '待销号';
    const [onA, onB] = await Promise.all([
      a.appendIfStatus(21, expected, [{ type: 'status', itemNo: 21, by: 'admin1', at: START_MS, status }]),
      b.appendIfStatus(21, expected, [{ type: 'status', itemNo: 21, by: 'admin2', at: START_MS, status }]),
    ]);
    const applied = [onA, onB].filter(Array.isArray);
    assert.equal(applied.length, 1, `round ${round}: both or neither applied`);
    const lost = [onA, onB].find((r) => !Array.isArray(r));
    assert.ok(lost && !Array.isArray(lost) && lost.item.status === status && lost.by?.status === status);
    await waitFor('both views to agree', () => a.item(21)?.status === status && b.item(21)?.status === status);
    // The next round starts from the state this one left: 退回 (整改中) then 待销号 again, alternating.
    const reset = round % 2 ? undefined : '整改中';
    if (reset) {
      await a.append([{ type: 'status', itemNo: 21, by: 'admin1', at: START_MS, status: reset }]);
      await waitFor('b to see 整改中', () => b.item(21)?.status === reset);
    }
  }
  const statusEvents = a.itemHistory(21).filter((e) => e.type === 'status');
  assert.equal(statusEvents.length, 1 + 5 + 3);
});

test('a ledger archived on one instance is archived on the other too, and active again when restored', async () => {
  assert.equal(b.archived, false);
  await a.storage.setArchived(a.id, true);
  await waitFor('b to see the ledger archived', () => b.archived);
  await a.storage.setArchived(a.id, false);
  await waitFor('b to see it active again', () => !b.archived);
});

test('a 完成 taken back on one instance while 销号 on the other: one of them is stored', async () => {
  for (let round = 0; round < 4; round++) {
    const [done] = await a.append([{ type: 'status', itemNo: 22, by: 'officer1', at: START_MS, status: '待销号' }]);
    await waitFor('b to see 待销号', () => b.item(22)?.status === '待销号');
    const takeBack = { type: 'retract', itemNo: 22, by: 'officer1', at: START_MS, target: done!.seq } as const;
    const close = { type: 'status', itemNo: 22, by: 'admin2', at: START_MS, status: '已完成整改' } as const;
    const [onA, onB] = await Promise.all([
      a.appendIfStatus(22, '待销号', [takeBack]),
      b.appendIfStatus(22, '待销号', [close]),
    ]);
    assert.equal([onA, onB].filter(Array.isArray).length, 1, `round ${round}`);
    await waitFor('both views to agree', () => a.item(22)?.status === b.item(22)?.status);
    if (a.item(22)?.status === '已完成整改')
      await a.append([{ type: 'status', itemNo: 22, by: 'admin1', at: START_MS, status: '整改中' }]);
    await waitFor('b to see it open', () => b.item(22)?.status !== '已完成整改' && b.item(22)?.status !== '待销号');
  }
});
