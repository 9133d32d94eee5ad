import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { Clock } from '../../clock.js';
import type { ItemEvent } from '../../ledger/item.js';
import { DEFAULT_LEDGER_ID, type LedgerFile, SCHEMA_VERSION } from '../../ledger/LedgerDoc.js';
import { newLedgerDoc } from '../../ledger/newLedgerDoc.js';
import { parseReport } from '../../ledger/parseReport.js';
import type { OutboxRecord } from '../../outbox/OutboxRecord.js';
import { CorruptDataError } from '../CorruptDataError.js';
import { FaultWatch, type StorageStatus } from '../FaultWatch.js';
import type { Storage, StoredLedger } from '../Storage.js';
import { AtomicJsonFile } from './AtomicJsonFile.js';
import { backupDir, backupTime, copyInto, createBackupSet, linkInto, newestBackup, pruneBackups } from './backups.js';
import { acquireDataLock } from './dataLock.js';
import { EventLog } from './EventLog.js';
import { DB_FILE, EVENTS_FILE, LEDGERS_DIR, OUTBOX_FILE, SENT_FILE } from './fileNames.js';
import { FileOutboxStore, type OutboxFile } from './FileOutboxStore.js';
import { LedgerMissingError } from './LedgerMissingError.js';
import { PRIVATE_DIR } from './privateModes.js';
import { SentLog } from './SentLog.js';

export interface FileStorageOptions {
  clock: Clock;
  /** Report used to create the ledger when DATA_DIR has none yet. */
  seedReport?: string;
  /** For exports while the bot runs: no lock, no backup, no repair; any change throws. */
  readOnly?: boolean;
  /** Names the start's backup set; UTC unless told. */
  timeZone?: string;
}

/**
 * Opens DATA_DIR: db.json (the first ledger as imported), events.jsonl (its history), one folder per
 * further ledger under ledgers/ with the same two files, and outbox.json (pushes), under a lock so
 * only one process writes them. Every write resolves only once durable.
 */
export async function openFileStorage(dataDir: string, options: FileStorageOptions): Promise<Storage> {
  const readOnly = options.readOnly ?? false;
  const release = readOnly ? () => undefined : acquireDataLock(dataDir);
  const logs: EventLog[] = [];
  try {
    if (!readOnly) await removeTempFiles(dataDir);
    const { ledger, legacyOutbox, save, existed } = await openLedgerFile(dataDir, options);
    const faults = new FaultWatch(options.clock);
    const outbox = await openOutboxFile(dataDir, legacyOutbox, options, faults);
    const ledgers: OpenLedger[] = [];
    const notices = await outbox.all();
    const more = await openMoreLedgers(dataDir);
    const first = { dir: dataDir, file: ledger, save };
    for (const { dir, file, save: write } of [first, ...more]) {
      const eventsFile = path.join(dir, EVENTS_FILE);
      await refuseLostHistory(dir, eventsFile, file.createdAt, dir === dataDir ? notices : []);
      const { log, events } = await EventLog.open(eventsFile, readOnly);
      logs.push(log);
      ledgers.push({ file: { ...file, id: file.id ?? DEFAULT_LEDGER_ID }, history: events, log, dir, save: write });
    }
    if (!readOnly && existed) await backupAtStart(dataDir, more, options);
    if (legacyOutbox && !readOnly) await save(); // only once the outbox is safe in its own file and backed up
    return new FileStorage(ledgers, outbox, path.resolve(dataDir), release, faults);
  } catch (err) {
    await Promise.all(logs.map((log) => log.close()));
    release();
    throw err;
  }
}

interface OpenLedger extends StoredLedger {
  readonly file: LedgerFile & { id: string };
  readonly log: EventLog;
  readonly dir: string;
  save(file: LedgerFile): Promise<void>;
}

class FileStorage implements Storage {
  constructor(
    readonly ledgers: readonly OpenLedger[],
    readonly outbox: FileOutboxStore,
    readonly evidenceRoot: string,
    private readonly release: () => void,
    private readonly faults: FaultWatch,
  ) {}

  get fault(): StorageStatus | undefined {
    return this.faults.status;
  }

  get writeFailures(): number {
    return this.faults.failures;
  }

  async appendEvents(ledgerId: string, events: readonly ItemEvent[]): Promise<undefined> {
    await this.faults.watch(this.ledger(ledgerId).log.append(events), EVENTS_FILE);
    return undefined;
  }

  async setArchived(ledgerId: string, archived: boolean): Promise<void> {
    const ledger = this.ledger(ledgerId);
    const { archived: _was, ...rest } = ledger.file;
    const file = archived ? { ...rest, archived } : rest;
    await this.faults.watch(ledger.save(file), DB_FILE);
    Object.assign(ledger, { file });
  }

  async close(): Promise<void> {
    for (const ledger of this.ledgers) await ledger.log.close();
    await this.outbox.close();
    this.release();
  }

  private ledger(id: string): OpenLedger {
    const ledger = this.ledgers.find((l) => l.file.id === id);
    if (!ledger) throw new Error(`没有台账 ${id}`);
    return ledger;
  }
}

/** The ledgers beside the first, one folder each under ledgers/, in the order they were created. */
async function openMoreLedgers(
  dataDir: string,
): Promise<Array<{ dir: string; file: LedgerFile & { id: string }; save(file: LedgerFile): Promise<void> }>> {
  const root = path.join(dataDir, LEDGERS_DIR);
  const names = await readdir(root).catch(() => [] as string[]);
  const opened = [];
  for (const id of names) {
    const dir = path.join(root, id);
    const file = path.join(dir, DB_FILE);
    const adapter = new AtomicJsonFile<LedgerFile>(file);
    const data = await readJson(adapter, dir, file);
    if (data === null) continue; // a folder an import was still creating when it stopped
    checkShape(data, file, await newestBackup(dir, file));
    opened.push({ dir, file: { ...data, id }, save: (next: LedgerFile) => adapter.write(next) });
  }
  return opened.sort((a, b) => a.file.createdAt - b.file.createdAt);
}

/**
 * One set per start, taken only once every check has passed (a start refused ten times must not
 * prune away the backups it points to) and before the migration rewrites db.json: the ledger and
 * outbox as read, and the history as a hard link.
 */
async function backupAtStart(
  dataDir: string,
  more: ReadonlyArray<{ dir: string; file: LedgerFile & { id: string } }>,
  options: FileStorageOptions,
): Promise<void> {
  const set = await createBackupSet(dataDir, options.clock(), options.timeZone ?? 'UTC');
  await copyInto(set, path.join(dataDir, DB_FILE));
  await copyInto(set, path.join(dataDir, OUTBOX_FILE));
  await linkInto(set, path.join(dataDir, EVENTS_FILE));
  // Further ledgers go into the same set, each in the folder it has under DATA_DIR.
  for (const { dir, file } of more) {
    const sub = path.join(set, LEDGERS_DIR, file.id);
    await mkdir(sub, { recursive: true, mode: PRIVATE_DIR });
    await copyInto(sub, path.join(dir, DB_FILE));
    await linkInto(sub, path.join(dir, EVENTS_FILE));
  }
  await pruneBackups(dataDir);
}

interface OpenedLedger {
  /** db.json was there before this start (a fresh ledger has nothing to back up). */
  existed: boolean;
  ledger: LedgerFile;
  legacyOutbox?: OutboxRecord[];
  /** Writes the file (by default as opened) atomically. */
  save(file?: LedgerFile): Promise<void>;
}

async function openLedgerFile(dataDir: string, options: FileStorageOptions): Promise<OpenedLedger> {
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
    return { existed: false, ledger: db.data, save: (file) => (file ? adapter.write(file) : db.write()) };
  }
  checkShape(data, file, await newestBackup(dataDir, file));
  // Schema 1 kept the outbox inside db.json.
  const { outbox: legacyOutbox, ...rest } = data;
  const db = new Low<LedgerFile>(adapter, { ...rest, schemaVersion: SCHEMA_VERSION });
  return {
    existed: true,
    ledger: db.data,
    save: (file) => (file ? adapter.write(file) : db.write()),
    ...(legacyOutbox && { legacyOutbox }),
  };
}

async function openOutboxFile(
  dataDir: string,
  legacy: OutboxRecord[] | undefined,
  options: FileStorageOptions,
  faults: FaultWatch,
): Promise<FileOutboxStore> {
  const file = path.join(dataDir, OUTBOX_FILE);
  const adapter = new AtomicJsonFile<OutboxFile>(file);
  const readOnly = options.readOnly ? dataDir : undefined;
  const data = await readJson(adapter, dataDir, file);
  if (data !== null && !Array.isArray(data.outbox))
    throw new CorruptDataError(file, '结构不完整', await newestBackup(dataDir, file));
  const { log, marks } = await SentLog.open(path.join(dataDir, SENT_FILE), options.readOnly ?? false);
  if (data !== null) {
    if (!Array.isArray(data.outbox)) throw new CorruptDataError(file, '结构不完整', await newestBackup(dataDir, file));
    return new FileOutboxStore(adapter, data, log, marks, readOnly, faults);
  }
  const fresh: OutboxFile = { schemaVersion: SCHEMA_VERSION, outbox: legacy ?? [] };
  if (!options.readOnly) await adapter.write(fresh);
  return new FileOutboxStore(adapter, fresh, log, marks, readOnly, faults);
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
    (n) => [DB_FILE, OUTBOX_FILE, SENT_FILE].some((f) => n.startsWith(`${f}.`)) && n.endsWith('.tmp'),
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
      `请停止机器人，把 ${backup} 复制为 ${file} 后重新启动；若确实要清空历史，请先删除 ${backupDir(dataDir)} 中各备份的 ${path.basename(file)}。`,
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
