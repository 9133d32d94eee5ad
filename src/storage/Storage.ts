import type { ItemEvent } from '../ledger/item.js';
import type { LedgerFile } from '../ledger/LedgerDoc.js';
import type { OutboxStore } from '../outbox/OutboxStore.js';
import type { StorageStatus } from './FaultWatch.js';

export interface StoredLedger {
  /** The ledger as imported (items, categories, context); its id is always set. */
  readonly file: LedgerFile & { id: string };
  readonly history: readonly ItemEvent[];
}

/** The item whose status the appender checked in its own view before appending. */
export interface StatusGuard {
  itemNo: number;
}

/** Receives events another instance stored, per ledger, in seq order. */
export type AppendedElsewhere = (ledgerId: string, events: readonly ItemEvent[]) => void;

/**
 * The storage port: everything the bot keeps, behind record-level operations. The in-memory view
 * (LedgerSet of LedgerViews) is built from `ledgers` once and kept current by `appendEvents`;
 * nothing above this port knows whether files or a database hold the data.
 * Files (src/storage/files/) are the first implementation; see README "Architecture" for a second.
 */
export interface Storage {
  /** Every ledger, the first one first: each as imported, with its events in the order they were appended. */
  readonly ledgers: readonly StoredLedger[];
  /**
   * Resolves once the events are durable; a batch is kept whole or not at all. A storage shared by
   * several instances assigns seq itself and resolves with the events as stored (none when their
   * MsgId was already stored), having first passed them to the follower. With `guard`, such a storage
   * also stores none when another instance changed that item's status since this one last looked:
   * two admins deciding at once on two instances must not both succeed.
   */
  appendEvents(
    ledgerId: string,
    events: readonly ItemEvent[],
    guard?: StatusGuard,
  ): Promise<readonly ItemEvent[] | undefined>;
  /** Shared storages only: receives, in seq order, every event stored from now on, by any instance. */
  follow?(follower: AppendedElsewhere): void;
  /** Shared storages only: hears when another instance archives a ledger or makes it active again. */
  followArchived?(follower: (ledgerId: string, archived: boolean) => void): void;
  /** Marks a ledger finished (or active again); durable before it resolves. */
  setArchived(ledgerId: string, archived: boolean): Promise<void>;
  readonly outbox: OutboxStore;
  /** Shared storages only: held by one instance at a time, so one scheduler decides what is due. */
  readonly schedulerLease?: { hold(): Promise<boolean> };
  /** Folder for evidence photos (files even when the records live elsewhere). */
  readonly evidenceRoot: string;
  /** Undefined while writes succeed; otherwise what the disk last refused and since when. */
  readonly fault: StorageStatus | undefined;
  /** Writes that failed since open, for /metrics. */
  readonly writeFailures: number;
  close(): Promise<void>;
}
