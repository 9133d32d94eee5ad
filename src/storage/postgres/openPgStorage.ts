import { LedgerMissingError } from '../files/LedgerMissingError.js';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { Clock } from '../../clock.js';
import type { ItemEvent } from '../../ledger/item.js';
import type { LedgerFile } from '../../ledger/LedgerDoc.js';
import { newLedgerDoc } from '../../ledger/newLedgerDoc.js';
import { parseReport } from '../../ledger/parseReport.js';
import { Serial } from '../../ledger/Serial.js';
import { FaultWatch, type StorageStatus } from '../FaultWatch.js';
import type { AppendedElsewhere, Storage } from '../Storage.js';
import { createClient, createPool, type DatabaseOptions } from './createPool.js';
import { checkSchema, migrate, NO_LEDGER_IN_DATABASE, readMigrations } from './migrate.js';
import { MIGRATIONS_DIR } from './migrationsDir.js';
import { PgLease } from './PgLease.js';
import { PgOutboxStore } from './PgOutboxStore.js';
import { inTransaction, insertEventRows, insertLedgerRows } from './rows.js';

/** One ledger per deployment for now; the column is there for several. */
export const DEFAULT_LEDGER = 'default';
const EVENTS_CHANNEL = 'rectify_events';
const OUTBOX_CHANNEL = 'rectify_outbox';
/** A missed notification (a dropped LISTEN connection) is caught up by this poll at the latest. */
const POLL_MS = 5_000;

export interface PgStorageOptions {
  clock: Clock;
  /** Report used to create the ledger when the database has none yet. */
  seedReport?: string;
  /** For exports while the bot runs: no migration, no LISTEN; any change throws. */
  readOnly?: boolean;
  /** Evidence photos stay files: a folder every instance shares. */
  evidenceRoot: string;
  ledgerId?: string;
}

/**
 * Opens the ledger in PostgreSQL: migrates the schema, seeds the ledger from the report if there
 * is none, loads it and its history, and listens for what other instances append.
 */
export async function openPgStorage(db: DatabaseOptions, options: PgStorageOptions): Promise<PgStorage> {
  const pool = createPool(db);
  try {
    const migrations = await readMigrations(MIGRATIONS_DIR);
    if (options.readOnly) await checkSchema(pool, migrations);
    else await migrate(pool, migrations);
    const ledgerId = options.ledgerId ?? DEFAULT_LEDGER;
    const ledger = (await loadLedger(pool, ledgerId)) ?? (await seedLedger(pool, ledgerId, options));
    const { rows } = await pool.query('SELECT event FROM events WHERE ledger_id = $1 ORDER BY seq', [ledgerId]);
    const storage = new PgStorage(pool, db, ledgerId, ledger, rows.map(toEvent), options);
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
  private lastSeq: number;
  private follower?: AppendedElsewhere;
  /** What arrived before anyone followed: kept for the follower, so no event falls between load and follow. */
  private unfollowed: ItemEvent[] = [];
  private listener?: pg.Client;
  private poll?: NodeJS.Timeout;
  private refreshQueued = false;
  /** Batches waiting for the transaction in flight: they go together in the next one (group commit). */
  private queued: Array<{
    events: readonly ItemEvent[];
    resolve: (stored: readonly ItemEvent[]) => void;
    reject: (err: unknown) => void;
  }> = [];
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly db: DatabaseOptions,
    private readonly ledgerId: string,
    readonly ledger: LedgerFile,
    readonly history: readonly ItemEvent[],
    private readonly options: PgStorageOptions,
  ) {
    this.lastSeq = history.at(-1)?.seq ?? 0;
    this.faults = new FaultWatch(options.clock);
    this.evidenceRoot = path.resolve(options.evidenceRoot);
    this.schedulerLease = new PgLease(db, `rectify-scheduler:${ledgerId}`);
    this.outbox = new PgOutboxStore(pool, ledgerId, randomUUID(), options.readOnly ?? false, () =>
      this.notify(OUTBOX_CHANNEL),
    );
  }

  get fault(): StorageStatus | undefined {
    return this.faults.status;
  }

  follow(follower: AppendedElsewhere): void {
    this.follower = follower;
    const early = this.unfollowed.splice(0);
    if (early.length) follower(early);
  }

  /**
   * Batches that arrive while a transaction is in flight share the next one, so a burst costs one
   * commit, not one each; a failed transaction fails every batch in it, none is half stored.
   */
  appendEvents(events: readonly ItemEvent[]): Promise<readonly ItemEvent[]> {
    if (this.options.readOnly) return Promise.reject(new Error('数据库以只读方式打开'));
    return new Promise((resolve, reject) => {
      if (this.queued.push({ events, resolve, reject }) > 1) return;
      void this.serial.run(async () => {
        const group = this.queued.splice(0);
        try {
          const stored = await this.faults.watch(this.appendInTransaction(group.map((g) => g.events)), 'PostgreSQL');
          for (const [i, g] of group.entries()) g.resolve(stored[i]!);
        } catch (err) {
          for (const g of group) g.reject(err);
        }
      });
    });
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
   * One transaction for a group of batches. The ledgers row lock orders appenders of every instance,
   * so seq is assigned here, after the events others appended since this instance last looked
   * (handed to the follower first). A batch whose MsgId is already stored was applied elsewhere (or
   * earlier in the group): nothing of it is stored and its result is empty.
   */
  private async appendInTransaction(batches: ReadonlyArray<readonly ItemEvent[]>): Promise<ItemEvent[][]> {
    const { missed, results } = await inTransaction(this.pool, async (client) => {
      await client.query('SELECT 1 FROM ledgers WHERE ledger_id = $1 FOR UPDATE', [this.ledgerId]);
      const missed = await this.eventsAfter(client, this.lastSeq);
      const msgIdsOf = (events: readonly ItemEvent[]) =>
        new Set(events.flatMap((e) => (e.msgId === undefined ? [] : [e.msgId])));
      const { rows } = await client.query('SELECT msg_id FROM events WHERE ledger_id = $1 AND msg_id = ANY($2)', [
        this.ledgerId,
        [...new Set(batches.flatMap((b) => [...msgIdsOf(b)]))],
      ]);
      const seen = new Set(rows.map((r) => r.msg_id as string));
      let next = (missed.at(-1)?.seq ?? this.lastSeq) + 1;
      const results = batches.map((events) => {
        const ids = msgIdsOf(events);
        if ([...ids].some((id) => seen.has(id))) return [];
        for (const id of ids) seen.add(id);
        return events.map((e) => ({ ...e, seq: next++ }));
      });
      const stored = results.flat();
      if (stored.length) {
        await insertEventRows(client, this.ledgerId, stored);
        await client.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, this.ledgerId]);
      }
      return { missed, results };
    });
    this.deliver([...missed, ...results.flat()]);
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
        this.deliver(await this.eventsAfter(this.pool, this.lastSeq));
      })
      .catch(() => undefined); // the next notification or poll tries again
  }

  private deliver(events: readonly ItemEvent[]): void {
    if (!events.length) return;
    this.lastSeq = events.at(-1)!.seq;
    if (this.follower) this.follower(events);
    else this.unfollowed.push(...events);
  }

  private async eventsAfter(client: pg.Pool | pg.PoolClient, seq: number): Promise<ItemEvent[]> {
    const { rows } = await client.query('SELECT event FROM events WHERE ledger_id = $1 AND seq > $2 ORDER BY seq', [
      this.ledgerId,
      seq,
    ]);
    return rows.map(toEvent);
  }

  private async notify(channel: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [channel, this.ledgerId]);
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
      if (n.payload !== this.ledgerId) return;
      if (n.channel === EVENTS_CHANNEL) void this.refresh();
      else this.outbox.heardInsert();
    });
    this.listener = client;
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    void this.refresh();
  }
}

async function loadLedger(pool: pg.Pool, ledgerId: string): Promise<LedgerFile | undefined> {
  const { rows } = await pool.query('SELECT doc FROM ledgers WHERE ledger_id = $1', [ledgerId]);
  if (!rows[0]) return undefined;
  const items = await pool.query('SELECT item FROM items WHERE ledger_id = $1 ORDER BY no', [ledgerId]);
  return { ...rows[0].doc, items: items.rows.map((r) => r.item) };
}

/** Instances starting together on an empty database: the first insert wins, the others load it. */
async function seedLedger(pool: pg.Pool, ledgerId: string, options: PgStorageOptions): Promise<LedgerFile> {
  if (options.readOnly || !options.seedReport) throw new LedgerMissingError(NO_LEDGER_IN_DATABASE);
  const doc = newLedgerDoc(
    parseReport(await readFile(options.seedReport, 'utf8')),
    path.basename(options.seedReport),
    options.clock(),
  );
  await inTransaction(pool, (client) => insertLedgerRows(client, ledgerId, doc));
  return (await loadLedger(pool, ledgerId))!;
}

function toEvent(row: { event: ItemEvent }): ItemEvent {
  return row.event;
}
