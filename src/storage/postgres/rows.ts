import type pg from 'pg';
import type { ItemEvent } from '../../ledger/item.js';
import type { LedgerFile } from '../../ledger/LedgerDoc.js';
import type { OutboxRecord } from '../../outbox/OutboxRecord.js';

/** Anything that runs a query: the pool, or one connection inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** Runs `work` in one transaction on one connection: all of it is stored, or none. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Writes a ledger as imported unless one with that id exists; true when this call wrote it. */
export async function insertLedgerRows(db: Queryable, ledgerId: string, ledger: LedgerFile): Promise<boolean> {
  const { items, id: _id, ...doc } = ledger;
  const { rowCount } = await db.query(
    'INSERT INTO ledgers (ledger_id, doc, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [ledgerId, doc, ledger.createdAt],
  );
  if (rowCount !== 1) return false;
  await db.query(
    `INSERT INTO items (ledger_id, no, item) SELECT $1, (i->>'no')::int, i FROM jsonb_array_elements($2::jsonb) AS i`,
    [ledgerId, JSON.stringify(items)],
  );
  return true;
}

/** Events exactly as given, seq included. */
export async function insertEventRows(db: Queryable, ledgerId: string, events: readonly ItemEvent[]): Promise<void> {
  if (!events.length) return;
  await db.query(
    `INSERT INTO events (ledger_id, seq, item_no, msg_id, at, event)
     SELECT $1, (e->>'seq')::bigint, (e->>'itemNo')::int, e->>'msgId', (e->>'at')::bigint, e
     FROM jsonb_array_elements($2::jsonb) AS e`,
    [ledgerId, JSON.stringify(events)],
  );
}

/** Outbox records in the given order, delivery progress included; resolves with the ids that were new. */
export async function insertOutboxRows(db: Queryable, records: readonly OutboxRecord[]): Promise<Set<string>> {
  if (!records.length) return new Set();
  const { rows } = await db.query(
    `INSERT INTO outbox (id, kind, period, target, message, state, attempts, created_at, parts_sent,
       sent_at, next_attempt_at, last_error)
     SELECT r->>'id', r->>'kind', r->>'period', r->'target', r->'message', r->>'state', (r->>'attempts')::int,
       (r->>'createdAt')::bigint, (r->>'partsSent')::int, (r->>'sentAt')::bigint, (r->>'nextAttemptAt')::bigint,
       r->>'lastError'
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, n) ORDER BY n
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [JSON.stringify(records)],
  );
  return new Set(rows.map((r) => r.id as string));
}
