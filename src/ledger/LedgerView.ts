import { applyEvent, itemFromBase } from './foldItem.js';
import { foldHistory } from './foldHistory.js';
import type { Item, ItemBase, ItemEvent, NewItemEvent, Status } from './item.js';
import type { Ledger, StatusChanged } from './Ledger.js';
import { Serial } from './Serial.js';
import { DEFAULT_LEDGER_ID, type LedgerFile } from './LedgerDoc.js';

/**
 * Where appended events go; the storage port provides it. Resolving with events means the storage
 * re-stamped them and has already passed them to `applyAppended`. With a guard, a storage shared
 * by instances stores nothing when another instance changed that item's status meanwhile.
 */
export type AppendEvents = (
  events: readonly ItemEvent[],
  guard?: { itemNo: number },
) => Promise<readonly ItemEvent[] | undefined>;

/**
 * The ledger in memory: the imported items folded with their history. Reads never touch storage;
 * an append resolves only once storage holds it, so a reply can promise what is durable.
 */
export class LedgerView implements Ledger {
  private readonly views = new Map<number, Item>();
  private readonly history = new Map<number, ItemEvent[]>();
  private readonly msgIds = new Set<string>();
  private readonly allEvents: ItemEvent[] = [];
  /** seqs of events taken back (撤回): kept in history, left out of every view and of eventsSince. */
  private readonly retracted = new Set<number>();
  private nextSeq = 1;
  private inTimeOrder = true;
  private readonly statusTurns = new Serial();

  /** What people type before an item number when there are several ledgers; the set assigns it. */
  code: string;
  /** Finished: out of digests and 我的, still searchable and exportable. */
  archived: boolean;

  constructor(
    private readonly file: LedgerFile & { id: string },
    history: readonly ItemEvent[],
    private readonly store: AppendEvents,
  ) {
    this.code = file.code ?? '';
    this.archived = file.archived ?? false;
    for (const base of file.items) this.views.set(base.no, itemFromBase(base));
    this.index(history);
  }

  get id(): string {
    return this.file.id;
  }

  /** Short name people read, e.g. 审计2022. */
  get name(): string {
    return this.file.name ?? ledgerNameFrom(this.file);
  }

  get source(): string {
    return this.file.source;
  }

  get categories(): readonly string[] {
    return this.file.categories;
  }

  get createdAt(): number {
    return this.file.createdAt;
  }

  /** The items as imported, before any event. */
  get imported(): readonly ItemBase[] {
    return this.file.items;
  }

  get itemCount(): number {
    return this.views.size;
  }

  item(no: number): Item | undefined {
    return this.views.get(no);
  }

  items(): Item[] {
    return [...this.views.values()];
  }

  itemHistory(no: number, limit = Infinity): ItemEvent[] {
    const events = this.history.get(no) ?? [];
    return events.slice(Math.max(0, events.length - limit)).reverse();
  }

  /** What still counts: neither the events taken back nor the retracts themselves are news. */
  eventsSince(at: number): ItemEvent[] {
    const since = this.allSince(at);
    return this.retracted.size ? since.filter((e) => e.type !== 'retract' && !this.retracted.has(e.seq)) : since;
  }

  /**
   * A clock that ran fast stamps events out of order; then a binary search would skip real ones,
   * so it is used only while history is in time order.
   */
  private allSince(at: number): ItemEvent[] {
    if (!this.inTimeOrder) return this.allEvents.filter((e) => e.at >= at);
    let lo = 0;
    let hi = this.allEvents.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.allEvents[mid]!.at < at) lo = mid + 1;
      else hi = mid;
    }
    return this.allEvents.slice(lo);
  }

  hasMessage(msgId: string): boolean {
    return this.msgIds.has(msgId);
  }

  /** Not serialised here: the storage orders appends itself and lets concurrent ones share an fsync. */
  append(events: readonly NewItemEvent[]): Promise<ItemEvent[]> {
    return this.appendGuarded(events);
  }

  private async appendGuarded(events: readonly NewItemEvent[], guard?: { itemNo: number }): Promise<ItemEvent[]> {
    for (const e of events) if (!this.views.has(e.itemNo) && e.type !== 'add') throw new Error(`没有第 ${e.itemNo} 项`);
    const stamped = events.map((e) => ({ ...e, seq: this.nextSeq++ }) as ItemEvent);
    const stored = await this.store(stamped, guard);
    if (stored) return [...stored];
    this.index(stamped);
    return stamped;
  }

  /** Events stored by another instance sharing the storage, in seq order. */
  applyAppended(events: readonly ItemEvent[]): void {
    this.index(events);
  }

  appendIfStatus(
    itemNo: number,
    status: Status,
    events: readonly NewItemEvent[],
  ): Promise<ItemEvent[] | StatusChanged> {
    return this.statusTurns.run(async () => {
      for (;;) {
        // Looked up each time: a take-back folds the item anew into a new object.
        const item = this.views.get(itemNo);
        if (!item) throw new Error(`没有第 ${itemNo} 项`);
        if (item.status !== status) return this.statusChanged(item);
        const stored = await this.appendGuarded(events, { itemNo });
        if (stored.length || events.some((e) => e.msgId !== undefined && this.msgIds.has(e.msgId))) return stored;
        // Nothing stored and not a retry: another instance touched the item first. Its events are
        // folded in by now, so the next look sees whether the status still holds.
      }
    });
  }

  private statusChanged(item: Item): StatusChanged {
    const last = this.history.get(item.no)?.findLast((e) => e.type === 'status');
    return { item, ...(last?.type === 'status' && { by: { userId: last.by, at: last.at, status: last.status } }) };
  }

  private index(events: readonly ItemEvent[]): void {
    for (const e of events) {
      if (e.type === 'add' && !this.views.has(e.itemNo)) this.views.set(e.itemNo, itemFromBase(e.item));
      const view = this.views.get(e.itemNo);
      if (!view) continue; // an event for an item no longer in the ledger: kept in storage, not shown
      applyEvent(view, e);
      let list = this.history.get(e.itemNo);
      if (!list) this.history.set(e.itemNo, (list = []));
      list.push(e);
      const last = this.allEvents[this.allEvents.length - 1];
      if (last && e.at < last.at) this.inTimeOrder = false;
      this.allEvents.push(e);
      if (e.msgId) this.msgIds.add(e.msgId);
      if (e.seq >= this.nextSeq) this.nextSeq = e.seq + 1;
      if (e.type === 'remove') this.views.delete(e.itemNo);
      if (e.type === 'retract') this.refold(e.itemNo, e.target);
    }
  }

  /** Folding forward cannot undo an event, so the item is folded again from its base without it. */
  private refold(no: number, target: number): void {
    this.retracted.add(target);
    const base = this.file.items.find((b) => b.no === no);
    const view = foldHistory(base, this.history.get(no) ?? [], this.retracted);
    if (view) this.views.set(no, view);
  }
}

/** A name for a ledger imported before ledgers had names: the bundled report's kind, or its file name. */
function ledgerNameFrom(file: LedgerFile & { id: string }): string {
  if (file.id === DEFAULT_LEDGER_ID) return '巡察整改台账';
  const base = file.source.replace(/\.[^.]+$/, '');
  return [...base].slice(0, 12).join('');
}
