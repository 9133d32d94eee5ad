import type { Pool } from 'pg';
import { memoryMs, type OutboxProgress, type OutboxRecord, PUSH_KINDS } from '../../outbox/OutboxRecord.js';
import type { OutboxStore } from '../../outbox/OutboxStore.js';
import { insertOutboxRows } from './rows.js';

/** How long a claimed record stays its claimer's: longer than any one delivery, short enough to take over. */
export const CLAIM_MS = 2 * 60_000;

const COLUMNS = `id, kind, period, target, message, state, attempts, created_at, parts_sent, sent_at,
  next_attempt_at, last_error`;

/** OutboxProgress field → column. Only these names ever reach the SQL text; values are parameters. */
const PROGRESS_COLUMNS: Record<keyof OutboxProgress, string> = {
  state: 'state',
  attempts: 'attempts',
  partsSent: 'parts_sent',
  sentAt: 'sent_at',
  nextAttemptAt: 'next_attempt_at',
  lastError: 'last_error',
};

/**
 * The outbox as rows of one table. Each operation is one statement, so it is atomic on its own;
 * `claim` lets several instances drain one queue without sending a record twice.
 */
export class PgOutboxStore implements OutboxStore {
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly pool: Pool,
    /** Names this instance in claims. */
    private readonly instance: string,
    private readonly readOnly: boolean,
    /** Called after records were added, so other instances hear of them. */
    private readonly added: () => Promise<void>,
  ) {}

  async insertIfAbsent(records: readonly OutboxRecord[]): Promise<OutboxRecord[]> {
    this.refuseIfReadOnly();
    if (!records.length) return [];
    const fresh = await insertOutboxRows(this.pool, records);
    if (fresh.size) await this.added();
    return records.filter((r) => fresh.has(r.id)).map((r) => structuredClone(r));
  }

  async get(id: string): Promise<OutboxRecord | undefined> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM outbox WHERE id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  async due(now: number): Promise<OutboxRecord[]> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM outbox WHERE state = 'pending' AND coalesce(next_attempt_at, 0) <= $1 ORDER BY position`,
      [Number.isFinite(now) ? now : Number.MAX_SAFE_INTEGER],
    );
    return rows.map(toRecord);
  }

  async all(): Promise<readonly OutboxRecord[]> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM outbox ORDER BY position`);
    return rows.map(toRecord);
  }

  async nextWake(): Promise<number | undefined> {
    const { rows } = await this.pool.query(
      `SELECT min(coalesce(next_attempt_at, 0)) AS wake FROM outbox WHERE state = 'pending'`,
    );
    return rows[0].wake === null ? undefined : Number(rows[0].wake);
  }

  async update(id: string, progress: OutboxProgress): Promise<void> {
    this.refuseIfReadOnly();
    const keys = (Object.keys(progress) as Array<keyof OutboxProgress>).filter((k) => k in PROGRESS_COLUMNS);
    if (!keys.length) return;
    const sets = keys.map((k, i) => `${PROGRESS_COLUMNS[k]} = $${i + 2}`);
    // A finished attempt (sent, failed or backing off) gives the record back to every instance.
    if (keys.includes('state') || keys.includes('nextAttemptAt')) sets.push('claimed_by = NULL, claimed_until = NULL');
    // A response_url is good for one use: once the record is done with, it is worthless and is dropped.
    if (progress.state !== undefined && progress.state !== 'pending')
      sets.push(`target = CASE WHEN target->>'kind' = 'response' THEN '{"kind":"response","url":""}' ELSE target END`);
    await this.pool.query(`UPDATE outbox SET ${sets.join(', ')} WHERE id = $1`, [
      id,
      ...keys.map((k) => progress[k] ?? null),
    ]);
  }

  async defer(ids: readonly string[], until: number): Promise<void> {
    this.refuseIfReadOnly();
    await this.pool.query(
      `UPDATE outbox SET next_attempt_at = greatest(coalesce(next_attempt_at, 0), $2)
       WHERE id = ANY($1) AND state = 'pending'`,
      [ids, until],
    );
  }

  async remove(ids: readonly string[]): Promise<void> {
    this.refuseIfReadOnly();
    await this.pool.query('DELETE FROM outbox WHERE id = ANY($1)', [ids]);
  }

  /** Forgets delivered records whose exactly-once memory has run out (an answer's after an hour). */
  async prune(now: number): Promise<number> {
    this.refuseIfReadOnly();
    const { rowCount } = await this.pool.query(
      `DELETE FROM outbox o USING unnest($1::text[], $2::bigint[]) AS memory(kind, cutoff)
       WHERE o.kind = memory.kind AND o.state = 'sent' AND o.sent_at < memory.cutoff`,
      [PUSH_KINDS, PUSH_KINDS.map((kind) => now - memoryMs(kind))],
    );
    return rowCount ?? 0;
  }

  /**
   * Takes a due record for this instance until `now + CLAIM_MS`, unless another instance holds an
   * unexpired claim. One UPDATE: the row lock makes a second claimer wait, then see the claim and miss.
   */
  async claim(id: string, now: number): Promise<boolean> {
    this.refuseIfReadOnly();
    const { rowCount } = await this.pool.query(
      `UPDATE outbox SET claimed_by = $2, claimed_until = $3
       WHERE id = $1 AND state = 'pending' AND coalesce(next_attempt_at, 0) <= $4
         AND (claimed_until IS NULL OR claimed_until <= $4 OR claimed_by = $2)`,
      [id, this.instance, now + CLAIM_MS, now],
    );
    return rowCount === 1;
  }

  onInserted(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Another instance (or this one) queued records: LISTEN heard it. */
  heardInsert(): void {
    for (const l of this.listeners) l();
  }

  private refuseIfReadOnly(): void {
    if (this.readOnly) throw new Error('数据库以只读方式打开');
  }
}

interface OutboxRow {
  id: string;
  kind: OutboxRecord['kind'];
  period: string;
  target: OutboxRecord['target'];
  message: OutboxRecord['message'];
  state: OutboxRecord['state'];
  attempts: number;
  created_at: string;
  parts_sent: number | null;
  sent_at: string | null;
  next_attempt_at: string | null;
  last_error: string | null;
}

/** NULL columns become absent fields, as the file store keeps them; bigint arrives as a string. */
function toRecord(row: OutboxRow): OutboxRecord {
  const { id, kind, period, target, message, state, attempts } = row;
  return {
    id,
    kind,
    period,
    target,
    message,
    state,
    attempts,
    createdAt: Number(row.created_at),
    ...(row.parts_sent !== null && { partsSent: row.parts_sent }),
    ...(row.sent_at !== null && { sentAt: Number(row.sent_at) }),
    ...(row.next_attempt_at !== null && { nextAttemptAt: Number(row.next_attempt_at) }),
    ...(row.last_error !== null && { lastError: row.last_error }),
  };
}
