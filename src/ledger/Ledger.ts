import type { Item, ItemEvent, NewItemEvent, Status } from './item.js';

/** What commands, the scheduler and the exporters read: the ledger as people see it now. */
export interface LedgerReader {
  readonly categories: readonly string[];
  /** Unix ms when the ledger was imported. */
  readonly createdAt: number;
  readonly itemCount: number;
  item(no: number): Item | undefined;
  items(): Item[];
  /** Events of one item, newest first. */
  itemHistory(no: number, limit?: number): ItemEvent[];
  /** All events stamped at or after a moment, in the order they were appended. */
  eventsSince(at: number): ItemEvent[];
  /** Whether a chat message already produced events (a WeCom retry must not apply twice). */
  hasMessage(msgId: string): boolean;
}

/** A status change that lost the race: the item as it is now, and the event that moved it. */
export interface StatusChanged {
  item: Item;
  by?: { userId: string; at: number; status: Status };
}

/** The reader plus the one way to change the ledger: appending events. */
export interface Ledger extends LedgerReader {
  /** Appends events durably; resolves with them (seq assigned) once the storage holds them. */
  append(events: readonly NewItemEvent[]): Promise<ItemEvent[]>;
  /**
   * Appends only if the item is still in `status` when its turn comes. Status changes take turns,
   * so of two admins acting at once on the same item, the second sees what the first did.
   */
  appendIfStatus(itemNo: number, status: Status, events: readonly NewItemEvent[]): Promise<ItemEvent[] | StatusChanged>;
}
