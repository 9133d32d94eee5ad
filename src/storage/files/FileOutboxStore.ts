import { Low } from 'lowdb';
import type { OutboxProgress, OutboxRecord } from '../../outbox/OutboxRecord.js';
import type { OutboxStore } from '../../outbox/OutboxStore.js';
import { Serial } from '../../ledger/Serial.js';
import type { FaultWatch } from '../FaultWatch.js';
import { OUTBOX_FILE } from './fileNames.js';
import type { AtomicJsonFile } from './AtomicJsonFile.js';

/** outbox.json: every push, apart from the ledger so a delivery mark rewrites kilobytes, not the whole ledger. */
export interface OutboxFile {
  schemaVersion: number;
  outbox: OutboxRecord[];
}

/**
 * The outbox as one JSON file rewritten atomically per change. Records are also indexed by id, so
 * a lookup costs the same however many records there are.
 */
export class FileOutboxStore implements OutboxStore {
  private readonly serial = new Serial();
  private readonly db: Low<OutboxFile>;
  private readonly byId = new Map<string, OutboxRecord>();

  constructor(
    adapter: AtomicJsonFile<OutboxFile>,
    data: OutboxFile,
    private readonly readOnly: string | undefined,
    private readonly faults?: FaultWatch,
  ) {
    this.db = new Low(adapter, data);
    this.reindex();
  }

  async insertIfAbsent(records: readonly OutboxRecord[]): Promise<OutboxRecord[]> {
    return this.change((outbox) => {
      const fresh: OutboxRecord[] = [];
      for (const r of records) {
        if (this.byId.has(r.id)) continue;
        const copy = structuredClone(r);
        this.byId.set(r.id, copy);
        fresh.push(copy);
      }
      outbox.push(...fresh);
      return fresh;
    });
  }

  async get(id: string): Promise<OutboxRecord | undefined> {
    return this.byId.get(id);
  }

  async due(now: number): Promise<OutboxRecord[]> {
    return this.db.data.outbox.filter((r) => r.state === 'pending' && (r.nextAttemptAt ?? 0) <= now);
  }

  async all(): Promise<readonly OutboxRecord[]> {
    return this.db.data.outbox;
  }

  async nextWake(): Promise<number | undefined> {
    let wake: number | undefined;
    for (const r of this.db.data.outbox)
      if (r.state === 'pending') wake = Math.min(wake ?? Infinity, r.nextAttemptAt ?? 0);
    return wake;
  }

  update(id: string, progress: OutboxProgress): Promise<void> {
    return this.change(() => {
      const record = this.byId.get(id);
      if (record) applyProgress(record, progress);
    });
  }

  defer(ids: readonly string[], until: number): Promise<void> {
    return this.change(() => {
      for (const id of ids) {
        const r = this.byId.get(id);
        if (r?.state === 'pending') r.nextAttemptAt = Math.max(r.nextAttemptAt ?? 0, until);
      }
    });
  }

  remove(ids: readonly string[]): Promise<void> {
    const gone = new Set(ids);
    return this.change((outbox) => {
      for (const id of ids) this.byId.delete(id);
      const kept = outbox.filter((r) => !gone.has(r.id));
      outbox.splice(0, outbox.length, ...kept);
    });
  }

  /** Changes the records and writes outbox.json before resolving; a failed write puts back what is on disk. */
  private change<T>(mutate: (outbox: OutboxRecord[]) => T): Promise<T> {
    return this.serial.run(async () => {
      if (this.readOnly) throw new Error(`${this.readOnly} 以只读方式打开`);
      const result = mutate(this.db.data.outbox);
      try {
        const write = this.db.write();
        await (this.faults ? this.faults.watch(write, OUTBOX_FILE) : write);
      } catch (err) {
        // A change that is not on disk must not ride along with the next write.
        await this.db.read();
        this.reindex();
        throw err;
      }
      return result;
    });
  }

  private reindex(): void {
    this.byId.clear();
    for (const r of this.db.data.outbox) this.byId.set(r.id, r);
  }
}

/** `undefined` in a progress clears the field, as a database NULL would. */
function applyProgress(record: OutboxRecord, progress: OutboxProgress): void {
  for (const [key, value] of Object.entries(progress) as Array<[keyof OutboxProgress, unknown]>) {
    if (value === undefined) delete record[key];
    else (record as unknown as Record<string, unknown>)[key] = value;
  }
}
