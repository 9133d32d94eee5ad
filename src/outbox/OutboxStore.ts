import type { OutboxProgress, OutboxRecord } from './OutboxRecord.js';

/**
 * Where outbox records live: record-level operations only, each durable before it resolves, so a
 * file, a SQL table or anything else can hold them. Reads are async for the same reason.
 */
export interface OutboxStore {
  /** Adds the records whose id is not stored yet; resolves with those added. */
  insertIfAbsent(records: readonly OutboxRecord[]): Promise<OutboxRecord[]>;
  get(id: string): Promise<OutboxRecord | undefined>;
  /** Pending records whose backoff has passed at `now`, in the order they were queued. */
  due(now: number): Promise<OutboxRecord[]>;
  /** Every record, for operators and tests. */
  all(): Promise<readonly OutboxRecord[]>;
  /** The earliest backoff end among pending records. */
  nextWake(): Promise<number | undefined>;
  /** Records delivery progress on one record; an unknown id changes nothing. */
  update(id: string, progress: OutboxProgress): Promise<void>;
  /** Holds back the given pending records until `until`, in one write (a rate limit hits a whole channel). */
  defer(ids: readonly string[], until: number): Promise<void>;
  /** Deletes records outright (their exactly-once memory goes with them). */
  remove(ids: readonly string[]): Promise<void>;
  /**
   * Forgets what can no longer matter at `now`: sent answers, spent response URLs, and the sent
   * periodic pushes older than SENT_MEMORY_MS. Resolves with how many records were dropped.
   */
  prune(now: number): Promise<number>;
  /**
   * Stores shared by several instances: takes a due record for this instance for a while, false when
   * it is no longer due or another instance holds it, so each record has one sender at a time.
   */
  claim?(id: string, now: number): Promise<boolean>;
  /** Stores shared by several instances: called when any instance queued records. */
  onInserted?(listener: () => void): void;
}
