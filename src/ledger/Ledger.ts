import type { Item, ItemEvent, NewItemEvent } from './item.js';

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

/** The reader plus the one way to change the ledger: appending events. */
export interface Ledger extends LedgerReader {
  /** Appends events durably; resolves with them (seq assigned) once the storage holds them. */
  append(events: readonly NewItemEvent[]): Promise<ItemEvent[]>;
}
