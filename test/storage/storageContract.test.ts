/**
 * The storage port's contract, run against every implementation (files and PostgreSQL): the same
 * tests, so the bot behaves the same whichever holds its data.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { NewItemEvent } from '../../src/ledger/item.js';
import type { OutboxRecord } from '../../src/outbox/OutboxRecord.js';
import { noticeRecord } from '../helpers/noticeRecord.js';
import { STORAGE_BACKENDS, type StoreUnderTest } from '../helpers/storageBackends.js';
import { START_MS } from '../helpers/testBot.js';

let clockMs = START_MS;
const clock = () => clockMs;
const update = (itemNo: number, text: string, extra: Partial<NewItemEvent> = {}): NewItemEvent =>
  ({ type: 'update', itemNo, by: 'admin1', at: clockMs, text, ...extra }) as NewItemEvent;
const record = (id: string, extra: Partial<OutboxRecord> = {}) => noticeRecord(id, { createdAt: clockMs, ...extra });

/** Delivered: what must stay is that it was sent (the exactly-once memory); its text may be forgotten. */
const withoutSentText = (records: readonly OutboxRecord[]) =>
  records.map((r) => (r.state === 'sent' ? { ...r, message: { ...r.message, parts: [] } } : r));

for (const backend of STORAGE_BACKENDS) {
  describe(`storage: ${backend.name}`, () => {
    let store: StoreUnderTest;
    beforeEach(async () => {
      clockMs = START_MS;
      store = await backend.create();
    });
    afterEach(() => store.cleanup());

    test('an empty store is seeded from the bundled report, once', async () => {
      const first = await store.open({ clock });
      const count = first.itemCount;
      const createdAt = first.createdAt;
      await first.close();
      clockMs += 60_000;
      const again = await store.open({ clock });
      assert.ok(count > 50, `${count} items`);
      assert.equal(again.itemCount, count);
      assert.equal(again.createdAt, createdAt);
      assert.deepEqual(again.imported, first.imported);
      await again.close();
    });

    test('appended events are durable, numbered in order, and reload into the same view', async () => {
      const ledger = await store.open({ clock });
      await ledger.append([update(1, 'a')]);
      await Promise.all([ledger.append([update(2, 'b'), update(2, 'c')]), ledger.append([update(3, 'd')])]);
      await ledger.append([{ type: 'status', itemNo: 1, by: 'admin1', at: clockMs, status: '待销号', msgId: 'm1' }]);
      const before = { history: ledger.eventsSince(0), item1: ledger.item(1), item2: ledger.item(2) };
      await ledger.close();

      const reopened = await store.open({ clock });
      assert.deepEqual(
        reopened.storage.ledgers[0]!.history.map((e) => e.seq),
        [1, 2, 3, 4, 5],
      );
      assert.deepEqual(reopened.eventsSince(0), before.history);
      assert.deepEqual(reopened.item(1), before.item1);
      assert.deepEqual(reopened.item(2), before.item2);
      assert.equal(reopened.item(1)!.status, '待销号');
      assert.equal(reopened.hasMessage('m1'), true);
      assert.deepEqual(
        reopened.itemHistory(2).map((e) => (e.type === 'update' ? e.text : '')),
        ['c', 'b'],
      );
      await reopened.close();
    });

    test('a retract (撤回) is stored, read back, and the view reloads without what it took back', async () => {
      const ledger = await store.open({ clock });
      await ledger.append([update(1, '完成30%', { percent: 30 }), update(1, '完成80%', { percent: 80 })]);
      const [wrong] = ledger.itemHistory(1, 1);
      await ledger.append([
        { type: 'retract', itemNo: 1, by: 'admin1', at: clockMs, target: wrong!.seq, note: '写错', msgId: 'r1' },
      ]);
      assert.equal(ledger.item(1)!.percent, 30);
      const before = { item: ledger.item(1), history: ledger.itemHistory(1) };
      await ledger.close();

      const reopened = await store.open({ clock });
      assert.deepEqual(reopened.item(1), before.item);
      assert.deepEqual(reopened.itemHistory(1), before.history);
      assert.equal(reopened.hasMessage('r1'), true);
      assert.deepEqual(
        reopened.eventsSince(0).map((e) => e.type === 'update' && e.text),
        ['完成30%'],
      );
      await reopened.close();
    });

    test('outbox: insert once, due in queue order, progress, defer and wake survive a reopen', async () => {
      const ledger = await store.open({ clock });
      const outbox = ledger.storage.outbox;
      const added = await outbox.insertIfAbsent([record('a'), record('b'), record('c')]);
      assert.deepEqual(
        added.map((r) => r.id),
        ['a', 'b', 'c'],
      );
      const again = await outbox.insertIfAbsent([record('b', { attempts: 9 }), record('d')]);
      assert.deepEqual(again, [record('d')]);
      assert.equal((await outbox.get('b'))!.attempts, 0);
      assert.equal(await outbox.get('zz'), undefined);

      await outbox.update('a', { partsSent: 1 });
      await outbox.update('a', { partsSent: 2, state: 'sent', sentAt: clockMs + 5, attempts: 1 });
      await outbox.update('b', { attempts: 1, lastError: 'boom', nextAttemptAt: clockMs + 60_000 });
      await outbox.update('nope', { state: 'sent' });
      await outbox.defer(['c', 'a'], clockMs + 30_000);
      assert.deepEqual(
        (await outbox.due(clockMs)).map((r) => r.id),
        ['d'],
      );
      assert.equal(await outbox.nextWake(), 0);
      await outbox.update('d', { state: 'failed', lastError: 'permanent' });
      assert.equal(await outbox.nextWake(), clockMs + 30_000);
      assert.deepEqual(
        (await outbox.due(clockMs + 60_000)).map((r) => r.id),
        ['b', 'c'],
      );
      // A progress field set to undefined is cleared, as a NULL would be.
      await outbox.update('b', { nextAttemptAt: undefined, lastError: undefined });
      const all = await outbox.all();
      await ledger.close();

      const reopened = await store.open({ clock });
      assert.deepEqual(withoutSentText(await reopened.storage.outbox.all()), withoutSentText(all));
      assert.deepEqual(all[0], record('a', { partsSent: 2, state: 'sent', sentAt: clockMs + 5, attempts: 1 }));
      assert.deepEqual(all[1], record('b', { attempts: 1 }));
      assert.deepEqual(all[2], record('c', { nextAttemptAt: clockMs + 30_000 }));
      assert.deepEqual(all[3], record('d', { state: 'failed', lastError: 'permanent' }));
      await reopened.close();
    });

    test('outbox: prune forgets answers an hour after delivery, keeps periodic pushes; remove forgets now', async () => {
      const ledger = await store.open({ clock });
      const outbox = ledger.storage.outbox;
      await outbox.insertIfAbsent([
        record('reply:1', { kind: 'reply' }),
        record('digest:w', { kind: 'digest' }),
        record('n'),
      ]);
      for (const id of ['reply:1', 'digest:w'])
        await outbox.update(id, { state: 'sent', sentAt: clockMs, partsSent: 2, attempts: 1 });
      assert.equal(await outbox.prune(clockMs + 30 * 60_000), 0);
      assert.equal((await outbox.get('reply:1'))?.state, 'sent');
      assert.equal(await outbox.prune(clockMs + 2 * 3_600_000), 1);
      await outbox.remove(['n']);
      await ledger.close();
      const reopened = await store.open({ clock });
      const after = reopened.storage.outbox;
      assert.equal(await after.get('reply:1'), undefined);
      assert.equal(await after.get('n'), undefined);
      assert.equal((await after.get('digest:w'))?.state, 'sent');
      assert.deepEqual(await after.insertIfAbsent([record('digest:w')]), [], 'a periodic push is still remembered');
      await reopened.close();
    });

    test('read-only: sees everything, changes nothing', async () => {
      const writer = await store.open({ clock });
      await writer.append([update(4, 'kept')]);
      await writer.storage.outbox.insertIfAbsent([record('a')]);
      await writer.close();

      const reader = await store.open({ clock, readOnly: true });
      assert.equal(reader.itemHistory(4).length, 1);
      assert.equal((await reader.storage.outbox.all()).length, 1);
      await assert.rejects(reader.append([update(4, 'lost')]), /只读/);
      await assert.rejects(reader.storage.outbox.insertIfAbsent([record('b')]), /只读/);
      await assert.rejects(reader.storage.outbox.update('a', { state: 'sent' }), /只读/);
      await reader.close();

      const after = await store.open({ clock });
      assert.equal(after.itemHistory(4).length, 1);
      assert.deepEqual(
        (await after.storage.outbox.all()).map((r) => r.state),
        ['pending'],
      );
      await after.close();
    });
  });
}
