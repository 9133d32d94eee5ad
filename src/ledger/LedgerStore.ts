import { access, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { Clock } from '../clock.js';
import { AtomicJsonFile } from './AtomicJsonFile.js';
import { backupFile, newestBackup } from './backups.js';
import { CorruptDataError } from './CorruptDataError.js';
import { acquireDataLock } from './dataLock.js';
import { EventLog } from './EventLog.js';
import { applyEvent, itemFromBase } from './foldItem.js';
import type { Item, ItemEvent, NewItemEvent } from './item.js';
import { SCHEMA_VERSION, type LedgerDoc } from './LedgerDoc.js';
import { newLedgerDoc } from './newLedgerDoc.js';
import { parseReport } from './parseReport.js';
import { Serial } from './Serial.js';

export const DB_FILE = 'db.json';
export const EVENTS_FILE = 'events.jsonl';

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
 * The only way to the data on disk. Reads are served from memory; every change goes through one
 * serial queue and resolves only once it is durable, so a reply can promise what the disk holds.
 */
export class LedgerStore {
  private readonly serial = new Serial();
  private readonly views = new Map<number, Item>();
  private readonly history = new Map<number, ItemEvent[]>();
  private readonly msgIds = new Set<string>();
  private allEvents: ItemEvent[] = [];
  private nextSeq = 1;

  private constructor(
    readonly dataDir: string,
    private readonly db: Low<LedgerDoc>,
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
      const db = await openDoc(dataDir, options);
      const { log, events } = await EventLog.open(path.join(dataDir, EVENTS_FILE), options.readOnly);
      const store = new LedgerStore(dataDir, db, log, options.clock, release, options.readOnly ?? false);
      store.index(events);
      return store;
    } catch (err) {
      release();
      throw err;
    }
  }

  get doc(): Readonly<LedgerDoc> {
    return this.db.data;
  }

  get categories(): readonly string[] {
    return this.db.data.categories;
  }

  item(no: number): Item | undefined {
    return this.views.get(no);
  }

  items(): Item[] {
    return [...this.views.values()];
  }

  /** Events of one item, newest first. */
  itemHistory(no: number, limit = Infinity): ItemEvent[] {
    const events = this.history.get(no) ?? [];
    return events.slice(Math.max(0, events.length - limit)).reverse();
  }

  /** All events since a moment, oldest first. */
  eventsSince(at: number): ItemEvent[] {
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

  /** Appends events durably; resolves with them (seq assigned) after fsync. */
  append(events: readonly NewItemEvent[]): Promise<ItemEvent[]> {
    return this.serial.run(async () => {
      for (const e of events) if (!this.views.has(e.itemNo)) throw new Error(`没有第 ${e.itemNo} 项`);
      const stamped = events.map((e) => ({ ...e, seq: this.nextSeq++ }) as ItemEvent);
      await this.log.append(stamped);
      this.index(stamped);
      return stamped;
    });
  }

  /** Changes the document (outbox and the like) and writes it atomically before resolving. */
  change<T>(mutate: (doc: LedgerDoc) => T): Promise<T> {
    return this.serial.run(async () => {
      if (this.readOnly) throw new Error(`${this.dataDir} 以只读方式打开`);
      let result: T;
      try {
        result = mutate(this.db.data);
      } catch (err) {
        // A half-applied change must not ride along with the next write: go back to what is on disk.
        await this.db.read();
        throw err;
      }
      await this.db.write();
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
      this.allEvents.push(e);
      if (e.msgId) this.msgIds.add(e.msgId);
      this.nextSeq = Math.max(this.nextSeq, e.seq + 1);
    }
  }
}

async function openDoc(dataDir: string, options: OpenOptions): Promise<Low<LedgerDoc>> {
  const file = path.join(dataDir, DB_FILE);
  const adapter = new AtomicJsonFile<LedgerDoc>(file);
  let data: LedgerDoc | null;
  try {
    data = await adapter.read();
  } catch (err) {
    if (err instanceof CorruptDataError) throw new CorruptDataError(file, '不是合法的 JSON', await newestBackup(dataDir, file));
    throw err;
  }
  if (data === null) {
    if (options.readOnly) throw new LedgerMissingError(`${file} 不存在：还没有台账（先运行 npm start 或 npm run cli -- import）`);
    await refuseOrphanEvents(dataDir);
    if (!options.seedReport) throw new LedgerMissingError(`${file} 不存在，且没有指定用来建立台账的报告`);
    const text = await readFile(options.seedReport, 'utf8');
    const db = new Low(adapter, newLedgerDoc(parseReport(text), path.basename(options.seedReport), options.clock()));
    await db.write();
    return db;
  }
  checkShape(data, file, await newestBackup(dataDir, file));
  if (!options.readOnly) {
    await removeTempFiles(dataDir);
    await backupFile(dataDir, file, options.clock());
  }
  return new Low(adapter, data);
}

/** A crash between writing a temp file and renaming it leaves the temp behind; it never held confirmed data. */
async function removeTempFiles(dataDir: string): Promise<void> {
  const names = await readdir(dataDir);
  await Promise.all(names.filter((n) => n.startsWith(`${DB_FILE}.`) && n.endsWith('.tmp')).map((n) => rm(path.join(dataDir, n), { force: true })));
}

function checkShape(doc: LedgerDoc, file: string, backup: string | undefined): void {
  if (typeof doc !== 'object' || !Array.isArray(doc.items) || !Array.isArray(doc.outbox) || typeof doc.schemaVersion !== 'number') {
    throw new CorruptDataError(file, '结构不完整', backup);
  }
  if (doc.schemaVersion > SCHEMA_VERSION) {
    throw new Error(`${file} 的结构版本是 ${doc.schemaVersion}，本程序只认识到 ${SCHEMA_VERSION}，请升级 rectify-bot`);
  }
}

/** History without its ledger means the ledger was lost; starting fresh would bury that history. */
async function refuseOrphanEvents(dataDir: string): Promise<void> {
  const events = path.join(dataDir, EVENTS_FILE);
  const exists = await access(events).then(() => true, () => false);
  if (exists && (await readFile(events, 'utf8')).length > 0) {
    const file = path.join(dataDir, DB_FILE);
    throw new CorruptDataError(file, `文件缺失，但 ${EVENTS_FILE} 中有历史记录`, await newestBackup(dataDir, file));
  }
}
