import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { Clock } from '../../clock.js';
import type { ItemEvent } from '../../ledger/item.js';
import { DEFAULT_LEDGER_ID, type LedgerFile } from '../../ledger/LedgerDoc.js';
import { newLedgerDoc } from '../../ledger/newLedgerDoc.js';
import { parseReport } from '../../ledger/parseReport.js';
import { Serial } from '../../ledger/Serial.js';
import { FaultWatch, type StorageStatus } from '../FaultWatch.js';
import { LedgerMissingError } from '../files/LedgerMissingError.js';
import type { AppendedElsewhere, StatusGuard, Storage } from '../Storage.js';
import { createClient, createPool, type DatabaseOptions } from './createPool.js';
import { checkSchema, migrate, NO_LEDGER_IN_DATABASE, readMigrations } from './migrate.js';
import { MIGRATIONS_DIR } from './migrationsDir.js';
import { PgLease } from './PgLease.js';
import { PgOutboxStore } from './PgOutboxStore.js';
import { inTransaction, insertEventRows, insertLedgerRows } from './rows.js';

const EVENTS_CHANNEL = 'rectify_events';
const OUTBOX_CHANNEL = 'rectify_outbox';
const LEDGERS_CHANNEL = 'rectify_ledgers';
/** A missed notification (a dropped LISTEN connection) is caught up by this poll at the latest. */
const POLL_MS = 5_000;

export interface PgStorageOptions {
  clock: Clock;
  /** Report used to create the first ledger when the database has none yet. */
  seedReport?: string;
  /** For exports while the bot runs: no migration, no LISTEN; any change throws. */
  readOnly?: boolean;
  /** Evidence photos stay files: a folder every instance shares. */
  evidenceRoot: string;
}

type Ledger = { file: LedgerFile & { id: string }; history: ItemEvent[] };
interface QueuedBatch {
  ledgerId: string;
  events: readonly ItemEvent[];
  guard?: StatusGuard | undefined;
  resolve: (stored: readonly ItemEvent[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Opens the ledgers in PostgreSQL: migrates the schema, seeds the first ledger from the report if
 * there is none, loads every ledger and its history, and listens for what other instances append.
 */
export async function openPgStorage(db: DatabaseOptions, options: PgStorageOptions): Promise<PgStorage> {
  const pool = createPool(db);
  try {
    const migrations = await readMigrations(MIGRATIONS_DIR);
    if (options.readOnly) await checkSchema(pool, migrations);
    else await migrate(pool, migrations);
    let ledgers = await loadLedgers(pool);
    if (!ledgers.length) {
      await seedLedger(pool, options);
      ledgers = await loadLedgers(pool);
    }
    const storage = new PgStorage(pool, db, ledgers, options);
    if (!options.readOnly) await storage.listen();
    return storage;
  } catch (err) {
    await pool.end();
    throw err;
  }
}

export class PgStorage implements Storage {
  readonly outbox: PgOutboxStore;
  readonly evidenceRoot: string;
  readonly schedulerLease: PgLease;
  private readonly faults: FaultWatch;
  private readonly serial = new Serial();
  /** Per ledger, the last seq this instance has seen (and handed on). */
  private readonly lastSeq = new Map<string, number>();
  private follower?: AppendedElsewhere;
  private archiveFollower?: (ledgerId: string, archived: boolean) => void;
  /** What arrived before anyone followed: kept for the follower, so no event falls between load and follow. */
  private unfollowed: Array<[string, ItemEvent[]]> = [];
  private listener?: pg.Client;
  private poll?: NodeJS.Timeout;
  private refreshQueued = false;
  private closed = false;
  /** Batches waiting for the transaction in flight: they go together in the next one (group commit). */
  private queued: QueuedBatch[] = [];

  constructor(
    private readonly pool: pg.Pool,
    private readonly db: DatabaseOptions,
    readonly ledgers: readonly Ledger[],
    private readonly options: PgStorageOptions,
  ) {
    for (const l of ledgers) this.lastSeq.set(l.file.id, l.history.at(-1)?.seq ?? 0);
    this.faults = new FaultWatch(options.clock);
    this.evidenceRoot = path.resolve(options.evidenceRoot);
    this.schedulerLease = new PgLease(db, 'rectify-scheduler');
    this.outbox = new PgOutboxStore(pool, randomUUID(), options.readOnly ?? false, () =>
      this.pool.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, '']).then(() => undefined),
    );
  }

  get fault(): StorageStatus | undefined {
    return this.faults.status;
  }

  get writeFailures(): number {
    return this.faults.failures;
  }

  follow(follower: AppendedElsewhere): void {
    this.follower = follower;
    for (const [ledgerId, events] of this.unfollowed.splice(0)) follower(ledgerId, events);
  }

  /**
   * Batches that arrive while a transaction is in flight share the next one, so a burst costs one
   * commit, not one each; a failed transaction fails every batch in it, none is half stored.
   */
  appendEvents(ledgerId: string, events: readonly ItemEvent[], guard?: StatusGuard): Promise<readonly ItemEvent[]> {
    if (this.options.readOnly) return Promise.reject(new Error('数据库以只读方式打开'));
    if (!this.lastSeq.has(ledgerId)) return Promise.reject(new Error(`没有台账 ${ledgerId}`));
    return new Promise((resolve, reject) => {
      if (this.queued.push({ ledgerId, events, guard, resolve, reject }) > 1) return;
      void this.serial.run(async () => {
        const group = this.queued.splice(0);
        try {
          const stored = await this.faults.watch(this.appendInTransaction(group), 'PostgreSQL');
          for (const [i, g] of group.entries()) g.resolve(stored[i]!);
        } catch (err) {
          for (const g of group) g.reject(err);
        }
      });
    });
  }

  followArchived(follower: (ledgerId: string, archived: boolean) => void): void {
    this.archiveFollower = follower;
  }

  async setArchived(ledgerId: string, archived: boolean): Promise<void> {
    if (this.options.readOnly) throw new Error('数据库以只读方式打开');
    const ledger = this.ledgers.find((l) => l.file.id === ledgerId);
    if (!ledger) throw new Error(`没有台账 ${ledgerId}`);
    await this.faults.watch(
      inTransaction(this.pool, async (client) => {
        await client.query(
          `UPDATE ledgers SET doc = CASE WHEN $2 THEN doc || '{"archived": true}' ELSE doc - 'archived' END
           WHERE ledger_id = $1`,
          [ledgerId, archived],
        );
        await client.query('SELECT pg_notify($1, $2)', [LEDGERS_CHANNEL, ledgerId]);
      }),
      'PostgreSQL',
    );
    const { archived: _was, ...rest } = ledger.file;
    ledger.file = archived ? { ...rest, archived } : rest;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.poll);
    await this.serial.run(async () => undefined);
    await this.listener?.end().catch(() => undefined);
    await this.schedulerLease.close();
    await this.pool.end();
  }

  /** Starts following other instances: LISTEN for their appends and queued pushes, with a poll behind it. */
  async listen(): Promise<void> {
    await this.connectListener();
    this.poll = setInterval(() => void this.refresh(), POLL_MS);
    this.poll.unref();
  }

  /**
   * One transaction for a group of batches. Each ledger's row lock orders its appenders across
   * instances, so seq is assigned here, after the events others appended since this instance last
   * looked (handed to the follower first). A batch whose MsgId is already stored was applied
   * elsewhere (or earlier in the group): nothing of it is stored and its result is empty. So is a
   * guarded batch whose item changed status in what others appended (this instance checked a stale view).
   */
  private async appendInTransaction(batches: readonly QueuedBatch[]): Promise<ItemEvent[][]> {
    const ids = [...new Set(batches.map((b) => b.ledgerId))].sort();
    const { missed, results } = await inTransaction(this.pool, async (client) => {
      // In id order, so two instances locking the same ledgers never wait on each other in a circle.
      await client.query('SELECT 1 FROM ledgers WHERE ledger_id = ANY($1) ORDER BY ledger_id FOR UPDATE', [ids]);
      const missed = await this.eventsAfter(client, ids);
      const next = new Map(ids.map((id) => [id, (missed.get(id)?.at(-1)?.seq ?? this.lastSeq.get(id)!) + 1]));
      const msgIdsOf = (events: readonly ItemEvent[]) =>
        new Set(events.flatMap((e) => (e.msgId === undefined ? [] : [e.msgId])));
      const { rows } = await client.query(
        'SELECT ledger_id, msg_id FROM events WHERE ledger_id = ANY($1) AND msg_id = ANY($2)',
        [ids, [...new Set(batches.flatMap((b) => [...msgIdsOf(b.events)]))]],
      );
      const seen = new Set(rows.map((r) => `${r.ledger_id}\n${r.msg_id}`));
      const results = batches.map(({ ledgerId, events, guard }) => {
        const keys = [...msgIdsOf(events)].map((m) => `${ledgerId}\n${m}`);
        if (keys.some((k) => seen.has(k))) return [];
        if (guard && missed.get(ledgerId)?.some((e) => e.itemNo === guard.itemNo && changesStatus(e))) return [];
        for (const k of keys) seen.add(k);
        let seq = next.get(ledgerId)!;
        const stamped = events.map((e) => ({ ...e, seq: seq++ }));
        next.set(ledgerId, seq);
        return stamped;
      });
      for (const id of ids) {
        const stored = results.filter((_, i) => batches[i]!.ledgerId === id).flat();
        if (!stored.length) continue;
        await insertEventRows(client, id, stored);
        await client.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, id]);
      }
      return { missed, results };
    });
    for (const id of ids)
      this.deliver(id, [...(missed.get(id) ?? []), ...results.filter((_, i) => batches[i]!.ledgerId === id).flat()]);
    return results;
  }

  /** Folds in what other instances appended; queued at most once behind whatever is running. */
  private refresh(): Promise<void> {
    if (this.refreshQueued || this.closed) return Promise.resolve();
    this.refreshQueued = true;
    return this.serial
      .run(async () => {
        this.refreshQueued = false;
        if (this.closed) return;
        for (const [id, events] of await this.eventsAfter(this.pool, [...this.lastSeq.keys()]))
          this.deliver(id, events);
        await this.refreshArchived();
      })
      .catch(() => undefined); // the next notification or poll tries again
  }

  /** Archiving changes no event, so other instances learn of it from the ledger rows themselves. */
  private async refreshArchived(): Promise<void> {
    const { rows } = await this.pool.query(`SELECT ledger_id, doc ? 'archived' AS archived FROM ledgers`);
    for (const { ledger_id: id, archived } of rows as Array<{ ledger_id: string; archived: boolean }>) {
      const ledger = this.ledgers.find((l) => l.file.id === id);
      if (!ledger || (ledger.file.archived ?? false) === archived) continue;
      const { archived: _was, ...rest } = ledger.file;
      ledger.file = archived ? { ...rest, archived } : rest;
      this.archiveFollower?.(id, archived);
    }
  }

  private deliver(ledgerId: string, events: ItemEvent[]): void {
    if (!events.length) return;
    this.lastSeq.set(ledgerId, events.at(-1)!.seq);
    if (this.follower) this.follower(ledgerId, events);
    else this.unfollowed.push([ledgerId, events]);
  }

  /** Events of the given ledgers past what this instance has seen, per ledger in seq order. */
  private async eventsAfter(
    client: pg.Pool | pg.PoolClient,
    ids: readonly string[],
  ): Promise<Map<string, ItemEvent[]>> {
    const { rows } = await client.query(
      `SELECT e.ledger_id, e.event FROM events e
       JOIN unnest($1::text[], $2::bigint[]) AS seen(ledger_id, seq) ON e.ledger_id = seen.ledger_id AND e.seq > seen.seq
       ORDER BY e.ledger_id, e.seq`,
      [ids, ids.map((id) => this.lastSeq.get(id) ?? 0)],
    );
    const byLedger = new Map<string, ItemEvent[]>();
    for (const r of rows) {
      let list = byLedger.get(r.ledger_id);
      if (!list) byLedger.set(r.ledger_id, (list = []));
      list.push(r.event);
    }
    return byLedger;
  }

  /** A dropped LISTEN connection is reopened a second later; the poll covers the gap. */
  private async connectListener(): Promise<void> {
    const client = createClient(this.db);
    const retry = () => {
      if (this.closed || this.listener !== client) return;
      this.listener = undefined;
      setTimeout(() => void this.connectListener().catch(retry), 1_000).unref();
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', (n) => {
      if (n.channel === EVENTS_CHANNEL || n.channel === LEDGERS_CHANNEL) void this.refresh();
      else this.outbox.heardInsert();
    });
    this.listener = client;
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    await client.query(`LISTEN ${LEDGERS_CHANNEL}`);
    void this.refresh();
  }
}

/** Every ledger with its history, in the order they came. */
async function loadLedgers(pool: pg.Pool): Promise<Ledger[]> {
  const docs = await pool.query('SELECT ledger_id, doc FROM ledgers ORDER BY position');
  const items = await pool.query('SELECT ledger_id, item FROM items ORDER BY ledger_id, no');
  const events = await pool.query('SELECT ledger_id, event FROM events ORDER BY ledger_id, seq');
  const ledgers = new Map<string, Ledger>(
    docs.rows.map((r) => [r.ledger_id, { file: { ...r.doc, id: r.ledger_id, items: [] }, history: [] }]),
  );
  for (const r of items.rows) ledgers.get(r.ledger_id)?.file.items.push(r.item);
  for (const r of events.rows) ledgers.get(r.ledger_id)?.history.push(r.event);
  return [...ledgers.values()];
}

/** Instances starting together on an empty database: the first insert wins, the others load it. */
async function seedLedger(pool: pg.Pool, options: PgStorageOptions): Promise<void> {
  if (options.readOnly || !options.seedReport) throw new LedgerMissingError(NO_LEDGER_IN_DATABASE);
  const report = parseReport(await readFile(options.seedReport, 'utf8'));
  const doc = newLedgerDoc(report, path.basename(options.seedReport), options.clock());
  await inTransaction(pool, (client) => insertLedgerRows(client, DEFAULT_LEDGER_ID, doc));
}

/**
 * Events after which a status an appender checked may no longer hold: a take-back may undo a 完成.
 * Erring wide is safe, as the appender looks again at its view and retries.
 */
function changesStatus(e: ItemEvent): boolean {
  return e.type === 'status' || e.type === 'retract';
}
