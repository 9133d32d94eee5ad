import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { Clock } from '../clock.js';
import { AtomicJsonFile } from './AtomicJsonFile.js';
import { backupFile, backupTime, linkBackup, newestBackup } from './backups.js';
import { CorruptDataError } from './CorruptDataError.js';
import { acquireDataLock } from './dataLock.js';
import { EventLog } from './EventLog.js';
import { applyEvent, itemFromBase } from './foldItem.js';
import type { Item, ItemEvent, NewItemEvent } from './item.js';
import { SCHEMA_VERSION, type LedgerDoc, type LedgerFile, type OutboxFile, type OutboxRecord } from './LedgerDoc.js';
import { newLedgerDoc } from './newLedgerDoc.js';
import { parseReport } from './parseReport.js';
import { Serial } from './Serial.js';
import { asStorageFault, type StorageProblem } from './StorageFault.js';

export const DB_FILE = 'db.json';
export const EVENTS_FILE = 'events.jsonl';
export const OUTBOX_FILE = 'outbox.json';

/** The disk's last refusal, until a write succeeds again: what /healthz shows an operator. */
export interface StorageStatus {
  problem: StorageProblem;
  detail: string;
  since: number;
}

/** DATA_DIR holds no ledger yet, and this opener may not create one. */
export class LedgerMissingError extends Error {}

export interface OpenOptions {
  clock: Clock;
  /** Report used to create the ledger when DATA_DIR has none yet. */
  seedReport?: string;
  /** For exports while the bot runs: no lock, no backup, no repair; any change throws. */
  readOnly?: boolean;
}

/**
 * The only way to the data on disk: db.json (the ledger as imported), events.jsonl (its history)
 * and outbox.json (pushes). Reads are served from memory; every change resolves only once it is
 * durable, so a reply can promise what the disk holds.
 */
export class LedgerStore {
  private readonly serial = new Serial();
  private readonly views = new Map<number, Item>();
  private readonly history = new Map<number, ItemEvent[]>();
  private readonly msgIds = new Set<string>();
  private allEvents: ItemEvent[] = [];
  private nextSeq = 1;
  private fault?: StorageStatus;
  private inTimeOrder = true;

  private constructor(
    readonly dataDir: string,
    private readonly db: Low<LedgerFile>,
    private readonly outboxDb: Low<OutboxFile>,
    private readonly log: EventLog,
    private readonly clock: Clock,
    private readonly release: () => void,
    private readonly readOnly: boolean,
  ) {
    for (const base of db.data.items) this.views.set(base.no, itemFromBase(base));
  }

  static async open(dataDir: string, options: OpenOptions): Promise<LedgerStore> {
    const release = options.readOnly ? () => undefined : acquireDataLock(dataDir);
    try {
      if (!options.readOnly) await removeTempFiles(dataDir);
      const { db, legacyOutbox } = await openLedgerFile(dataDir, options);
      const outboxDb = await openOutboxFile(dataDir, legacyOutbox, options);
      if (legacyOutbox && !options.readOnly) await db.write(); // only once the outbox is safe in its own file
      const eventsFile = path.join(dataDir, EVENTS_FILE);
      await refuseLostHistory(dataDir, eventsFile, db.data.createdAt, outboxDb.data.outbox);
      const { log, events } = await EventLog.open(eventsFile, options.readOnly);
      if (!options.readOnly && events.length) await linkBackup(dataDir, eventsFile, options.clock());
      const store = new LedgerStore(dataDir, db, outboxDb, log, options.clock, release, options.readOnly ?? false);
      store.index(events);
      return store;
    } catch (err) {
      release();
      throw err;
    }
  }

  get doc(): Readonly<LedgerDoc> {
    return { ...this.db.data, outbox: this.outboxDb.data.outbox };
  }

  /** The live outbox; change it only through change(). */
  get outbox(): readonly OutboxRecord[] {
    return this.outboxDb.data.outbox;
  }

  get categories(): readonly string[] {
    return this.db.data.categories;
  }

  item(no: number): Item | undefined {
    return this.views.get(no);
  }

  /** How many items, without copying them (items() does). */
  get itemCount(): number {
    return this.views.size;
  }

  items(): Item[] {
    return [...this.views.values()];
  }

  /** Events of one item, newest first. */
  itemHistory(no: number, limit = Infinity): ItemEvent[] {
    const events = this.history.get(no) ?? [];
    return events.slice(Math.max(0, events.length - limit)).reverse();
  }

  /**
   * All events stamped at or after a moment, in the order they were recorded. A clock that ran fast
   * stamps events out of order; then the search below would skip real ones, so it is used only
   * while history is in time order.
   */
  eventsSince(at: number): ItemEvent[] {
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

  /**
   * Appends events durably; resolves with them (seq assigned) after fsync. Not behind the serial
   * queue: the event log orders appends itself and lets concurrent ones share an fsync.
   */
  async append(events: readonly NewItemEvent[]): Promise<ItemEvent[]> {
    for (const e of events) if (!this.views.has(e.itemNo)) throw new Error(`没有第 ${e.itemNo} 项`);
    const stamped = events.map((e) => ({ ...e, seq: this.nextSeq++ }) as ItemEvent);
    await this.watch(this.log.append(stamped), EVENTS_FILE);
    this.index(stamped);
    return stamped;
  }

  /** Undefined while the disk takes writes; otherwise what it last refused and since when. */
  get storageFault(): StorageStatus | undefined {
    return this.fault;
  }

  private async watch(write: Promise<void>, file: string): Promise<void> {
    try {
      await write;
      this.fault = undefined;
    } catch (err) {
      const fault = asStorageFault(err, path.join(this.dataDir, file));
      if (!fault) throw err;
      if (this.fault?.problem !== fault.problem)
        this.fault = { problem: fault.problem, detail: fault.message, since: this.clock() };
      throw fault;
    }
  }

  /** Changes the outbox and writes outbox.json atomically before resolving. */
  change<T>(mutate: (outbox: OutboxRecord[]) => T): Promise<T> {
    return this.serial.run(async () => {
      if (this.readOnly) throw new Error(`${this.dataDir} 以只读方式打开`);
      let result: T;
      try {
        result = mutate(this.outboxDb.data.outbox);
      } catch (err) {
        // A half-applied change must not ride along with the next write: go back to what is on disk.
        await this.outboxDb.read();
        throw err;
      }
      await this.watch(this.outboxDb.write(), OUTBOX_FILE);
      return result;
    });
  }

  now(): number {
    return this.clock();
  }

  async close(): Promise<void> {
    await this.serial.run(async () => {
      await this.log.close();
      this.release();
    });
  }

  private index(events: readonly ItemEvent[]): void {
    for (const e of events) {
      const view = this.views.get(e.itemNo);
      if (!view) continue; // an event for an item no longer in the ledger: kept on disk, not shown
      applyEvent(view, e);
      let list = this.history.get(e.itemNo);
      if (!list) this.history.set(e.itemNo, (list = []));
      list.push(e);
      const last = this.allEvents[this.allEvents.length - 1];
      if (last && e.at < last.at) this.inTimeOrder = false;
      this.allEvents.push(e);
      if (e.msgId) this.msgIds.add(e.msgId);
      if (e.seq >= this.nextSeq) this.nextSeq = e.seq + 1;
    }
  }
}

async function openLedgerFile(
  dataDir: string,
  options: OpenOptions,
): Promise<{ db: Low<LedgerFile>; legacyOutbox?: OutboxRecord[] }> {
  const file = path.join(dataDir, DB_FILE);
  const adapter = new AtomicJsonFile<LedgerFile & { outbox?: OutboxRecord[] }>(file);
  const data = await readJson(adapter, dataDir, file);
  if (data === null) {
    if (options.readOnly)
      throw new LedgerMissingError(`${file} 不存在：还没有台账（先运行 npm start 或 npm run cli -- import）`);
    await refuseOrphanEvents(dataDir);
    if (!options.seedReport) throw new LedgerMissingError(`${file} 不存在，且没有指定用来建立台账的报告`);
    const text = await readFile(options.seedReport, 'utf8');
    const db = new Low<LedgerFile>(
      adapter,
      newLedgerDoc(parseReport(text), path.basename(options.seedReport), options.clock()),
    );
    await db.write();
    return { db };
  }
  checkShape(data, file, await newestBackup(dataDir, file));
  if (!options.readOnly) await backupFile(dataDir, file, options.clock());
  // Schema 1 kept the outbox inside db.json.
  const { outbox: legacyOutbox, ...ledger } = data;
  return {
    db: new Low<LedgerFile>(adapter, { ...ledger, schemaVersion: SCHEMA_VERSION }),
    ...(legacyOutbox && { legacyOutbox }),
  };
}

async function openOutboxFile(
  dataDir: string,
  legacy: OutboxRecord[] | undefined,
  options: OpenOptions,
): Promise<Low<OutboxFile>> {
  const file = path.join(dataDir, OUTBOX_FILE);
  const adapter = new AtomicJsonFile<OutboxFile>(file);
  const data = await readJson(adapter, dataDir, file);
  if (data !== null) {
    if (!Array.isArray(data.outbox)) throw new CorruptDataError(file, '结构不完整', await newestBackup(dataDir, file));
    if (!options.readOnly) await backupFile(dataDir, file, options.clock());
    return new Low(adapter, data);
  }
  const db = new Low<OutboxFile>(adapter, { schemaVersion: SCHEMA_VERSION, outbox: legacy ?? [] });
  if (!options.readOnly) await db.write();
  return db;
}

async function readJson<T>(adapter: AtomicJsonFile<T>, dataDir: string, file: string): Promise<T | null> {
  try {
    return await adapter.read();
  } catch (err) {
    if (err instanceof CorruptDataError)
      throw new CorruptDataError(file, '不是合法的 JSON', await newestBackup(dataDir, file));
    throw err;
  }
}

/** A crash between writing a temp file and renaming it leaves the temp behind; it never held confirmed data. */
async function removeTempFiles(dataDir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dataDir);
  } catch {
    return;
  }
  const temps = names.filter(
    (n) => (n.startsWith(`${DB_FILE}.`) || n.startsWith(`${OUTBOX_FILE}.`)) && n.endsWith('.tmp'),
  );
  await Promise.all(temps.map((n) => rm(path.join(dataDir, n), { force: true })));
}

function checkShape(doc: LedgerFile, file: string, backup: string | undefined): void {
  if (typeof doc !== 'object' || doc === null || !Array.isArray(doc.items) || typeof doc.schemaVersion !== 'number') {
    throw new CorruptDataError(file, '结构不完整', backup);
  }
  if (doc.schemaVersion > SCHEMA_VERSION) {
    throw new Error(`${file} 的结构版本是 ${doc.schemaVersion}，本程序只认识到 ${SCHEMA_VERSION}，请升级 rectify-bot`);
  }
}

/** History without its ledger means the ledger was lost; starting fresh would bury that history. */
async function refuseOrphanEvents(dataDir: string): Promise<void> {
  const size = await stat(path.join(dataDir, EVENTS_FILE)).then(
    (s) => s.size,
    () => 0,
  );
  if (size > 0) {
    const file = path.join(dataDir, DB_FILE);
    throw new CorruptDataError(file, `文件缺失，但 ${EVENTS_FILE} 中有历史记录`, await newestBackup(dataDir, file));
  }
}

/**
 * An empty history beside a ledger that had one means events.jsonl was deleted or replaced: starting
 * would silently forget every confirmed update. A backup link with lines in it, or a notice in the
 * outbox (only a change sends one), made after this ledger was created is the proof (`import
 * --replace` empties the history on purpose and backs the old one up before the new ledger's
 * creation); the refusal names what to restore.
 */
async function refuseLostHistory(
  dataDir: string,
  file: string,
  createdAt: number,
  outbox: readonly OutboxRecord[],
): Promise<void> {
  const size = await stat(file).then(
    (s) => s.size,
    () => 0,
  );
  if (size > 0) return;
  const backup = await newestBackup(dataDir, file);
  const backupSize = backup ? await stat(backup).then((s) => s.size) : 0;
  if (backup && backupSize > 0 && backupTime(backup) > createdAt) {
    throw new CorruptDataError(
      file,
      `文件缺失或为空，但备份中有 ${backupSize} 字节历史记录`,
      backup,
      `请停止机器人，把 ${backup} 复制为 ${file} 后重新启动；若确实要清空历史，请先删除 ${path.dirname(backup)} 中的 ${path.parse(file).name}-*.jsonl。`,
    );
  }
  if (outbox.some((r) => r.kind === 'notice' && r.createdAt > createdAt)) {
    throw new CorruptDataError(
      file,
      '文件缺失或为空，但发件箱中有因变更而发出的通知',
      undefined,
      `请从服务器的备份恢复 ${file} 后重新启动。`,
    );
  }
}
