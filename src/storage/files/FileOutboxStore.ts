import { Low } from 'lowdb';
import { memoryMs, type OutboxProgress, type OutboxRecord } from '../../outbox/OutboxRecord.js';
import type { OutboxStore } from '../../outbox/OutboxStore.js';
import { Serial } from '../../ledger/Serial.js';
import type { FaultWatch } from '../FaultWatch.js';
import { OUTBOX_FILE, SENT_FILE } from './fileNames.js';
import type { AtomicJsonFile } from './AtomicJsonFile.js';
import type { SentLog, SentMark } from './SentLog.js';

/** outbox.json: pushes still to deliver (and failed ones), apart from the ledger and from the sent memory. */
export interface OutboxFile {
  schemaVersion: number;
  outbox: OutboxRecord[];
}

/** Sent records kept whole in memory only, for operators and tests; never written again. */
const RECENT_SENT = 10_000;

/**
 * The outbox as one small JSON file of live records, rewritten atomically per change, plus
 * outbox-sent.jsonl (SentLog) for the ids of delivered periodic pushes. A record leaves
 * outbox.json once delivered, so a write costs the same however long the bot has run.
 */
export class FileOutboxStore implements OutboxStore {
  private readonly serial = new Serial();
  private readonly db: Low<OutboxFile>;
  private readonly byId = new Map<string, OutboxRecord>();
  private readonly recent = new Map<string, OutboxRecord>();
  private readonly sent = new Map<string, SentMark>();

  constructor(
    adapter: AtomicJsonFile<OutboxFile>,
    data: OutboxFile,
    private readonly sentLog: SentLog,
    marks: readonly SentMark[],
    private readonly readOnly: string | undefined,
    private readonly faults?: FaultWatch,
  ) {
    this.db = new Low(adapter, data);
    for (const m of marks) this.sent.set(m.id, m);
    this.reindex();
  }

  async insertIfAbsent(records: readonly OutboxRecord[]): Promise<OutboxRecord[]> {
    return this.change(async (outbox) => {
      const fresh: OutboxRecord[] = [];
      for (const r of records) {
        if (this.byId.has(r.id) || this.recent.has(r.id) || this.sent.has(r.id)) continue;
        const copy = structuredClone(r);
        this.byId.set(r.id, copy);
        fresh.push(copy);
      }
      outbox.push(...fresh);
      return fresh;
    });
  }

  async get(id: string): Promise<OutboxRecord | undefined> {
    const mark = this.sent.get(id);
    return this.byId.get(id) ?? this.recent.get(id) ?? (mark && fromMark(mark));
  }

  /** After the writes under way: a record inserted in memory but not yet on disk must not be sent. */
  due(now: number): Promise<OutboxRecord[]> {
    return this.serial.run(async () =>
      this.db.data.outbox.filter((r) => r.state === 'pending' && (r.nextAttemptAt ?? 0) <= now),
    );
  }

  async all(): Promise<readonly OutboxRecord[]> {
    const old = [...this.sent.values()].filter((m) => !this.recent.has(m.id)).map(fromMark);
    return [...old, ...this.recent.values(), ...this.db.data.outbox];
  }

  async nextWake(): Promise<number | undefined> {
    let wake: number | undefined;
    for (const r of this.db.data.outbox)
      if (r.state === 'pending') wake = Math.min(wake ?? Infinity, r.nextAttemptAt ?? 0);
    return wake;
  }

  update(id: string, progress: OutboxProgress): Promise<void> {
    return this.change(async () => {
      const record = this.byId.get(id);
      if (!record) return;
      applyProgress(record, progress);
      if (record.state !== 'pending') await this.retire([record]);
    });
  }

  defer(ids: readonly string[], until: number): Promise<void> {
    return this.change(async () => {
      for (const id of ids) {
        const r = this.byId.get(id);
        if (r?.state === 'pending') r.nextAttemptAt = Math.max(r.nextAttemptAt ?? 0, until);
      }
    });
  }

  remove(ids: readonly string[]): Promise<void> {
    return this.change(async () => {
      const gone = new Set(ids);
      for (const id of ids) {
        this.byId.delete(id);
        this.recent.delete(id);
      }
      this.db.data.outbox = this.db.data.outbox.filter((r) => !gone.has(r.id));
      const forgotten = ids.filter((id) => this.sent.delete(id));
      if (forgotten.length) await this.watched(this.sentLog.rewrite(this.sent.values()), SENT_FILE);
    });
  }

  prune(now: number): Promise<number> {
    return this.change(async () => {
      const before = this.db.data.outbox.length;
      // Files written before pruning existed hold every record ever sent.
      await this.retire(this.db.data.outbox.filter((r) => r.state !== 'pending'));
      let dropped = before - this.db.data.outbox.length;
      const expired = [...this.sent.values()].filter((m) => m.sentAt < now - memoryMs(m.kind));
      if (expired.length) {
        for (const m of expired) this.sent.delete(m.id);
        await this.watched(this.sentLog.rewrite(this.sent.values()), SENT_FILE);
        dropped += expired.length;
      }
      return dropped;
    });
  }

  async close(): Promise<void> {
    await this.serial.run(() => this.sentLog.close());
  }

  /**
   * Takes delivered records out of outbox.json (their marks first, so a crash in between leaves a
   * record that is both live and marked, which reindex settles as sent) and spends response URLs.
   */
  private async retire(records: readonly OutboxRecord[]): Promise<void> {
    for (const r of records) if (r.target.kind === 'response') r.target = { kind: 'response', url: '' };
    const done = records.filter((r) => r.state === 'sent');
    if (!done.length) return;
    const marks = done.map(toMark);
    await this.watched(this.sentLog.append(marks), SENT_FILE);
    for (const m of marks) this.sent.set(m.id, m);
    for (const r of done) {
      this.byId.delete(r.id);
      this.recent.set(r.id, r);
    }
    for (const id of this.recent.keys()) {
      if (this.recent.size <= RECENT_SENT) break;
      this.recent.delete(id);
    }
    const gone = new Set(done);
    this.db.data.outbox = this.db.data.outbox.filter((r) => !gone.has(r));
  }

  /** Changes the records and writes outbox.json before resolving; a failed write puts back what is on disk. */
  private change<T>(mutate: (outbox: OutboxRecord[]) => Promise<T>): Promise<T> {
    return this.serial.run(async () => {
      if (this.readOnly) throw new Error(`${this.readOnly} 以只读方式打开`);
      // Live records only (delivered ones leave), so the copy is small.
      const before = structuredClone(this.db.data.outbox);
      try {
        const result = await mutate(this.db.data.outbox);
        await this.watched(this.db.write(), OUTBOX_FILE);
        return result;
      } catch (err) {
        // A change that is not on disk must not ride along with the next write.
        this.db.data.outbox = before;
        this.reindex();
        throw err;
      }
    });
  }

  private watched(write: Promise<void>, file: string): Promise<void> {
    return this.faults ? this.faults.watch(write, file) : write;
  }

  private reindex(): void {
    this.byId.clear();
    this.db.data.outbox = this.db.data.outbox.filter((r) => !this.sent.has(r.id));
    for (const r of this.db.data.outbox) this.byId.set(r.id, r);
  }
}

function toMark(r: OutboxRecord): SentMark {
  const { id, kind, period, target, createdAt } = r;
  return { id, kind, period, target, createdAt, sentAt: r.sentAt ?? 0, parts: r.partsSent ?? 0 };
}

/** A remembered push as a record: delivered, its text no longer kept. */
function fromMark(m: SentMark): OutboxRecord {
  return {
    id: m.id,
    kind: m.kind,
    period: m.period,
    target: m.target,
    message: { msgtype: 'text', parts: [] },
    state: 'sent',
    attempts: 1,
    createdAt: m.createdAt ?? m.sentAt,
    sentAt: m.sentAt,
    partsSent: m.parts,
  };
}

/** `undefined` in a progress clears the field, as a database NULL would. */
function applyProgress(record: OutboxRecord, progress: OutboxProgress): void {
  for (const [key, value] of Object.entries(progress) as Array<[keyof OutboxProgress, unknown]>) {
    if (value === undefined) delete record[key];
    else (record as unknown as Record<string, unknown>)[key] = value;
  }
}
