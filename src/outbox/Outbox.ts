import type { LedgerStore } from '../ledger/LedgerStore.js';
import type { OutboxMessage, OutboxRecord, Target } from '../ledger/LedgerDoc.js';
import { targetKey } from './targetKey.js';

export interface Push {
  kind: string;
  /** What makes this push unique for its kind, e.g. an ISO week "2026-W48" or "春节-2027". */
  period: string;
  target: Target;
  message: OutboxMessage;
}

/**
 * Producers only write here; delivery is the sender's job. The record id is the exactly-once key:
 * a second push of the same kind, period and target is dropped, however often cron fires.
 */
export class Outbox {
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly store: LedgerStore) {}

  /** Resolves once the new records are on disk, with the ones that were not there before. */
  async enqueue(pushes: readonly Push[]): Promise<OutboxRecord[]> {
    // A record with nothing to send could never be marked sent, and would keep the sender waking.
    const empty = pushes.find((p) => p.message.parts.length === 0);
    if (empty) throw new Error(`outbox: ${empty.kind}:${empty.period} has no content`);
    const added = await this.store.change((outbox) => {
      const known = new Set(outbox.map((r) => r.id));
      const fresh: OutboxRecord[] = [];
      for (const p of pushes) {
        const id = recordId(p.kind, p.period, p.target);
        if (known.has(id)) continue;
        known.add(id);
        fresh.push({
          id,
          kind: p.kind,
          period: p.period,
          target: p.target,
          message: p.message,
          state: 'pending',
          attempts: 0,
          createdAt: this.store.now(),
        });
      }
      outbox.push(...fresh);
      return fresh;
    });
    if (added.length) for (const listener of this.listeners) listener();
    return added;
  }

  has(kind: string, period: string, target: Target): boolean {
    return this.record(kind, period, target) !== undefined;
  }

  record(kind: string, period: string, target: Target): OutboxRecord | undefined {
    const id = recordId(kind, period, target);
    return this.store.outbox.find((r) => r.id === id);
  }

  pending(now: number): OutboxRecord[] {
    return this.store.outbox.filter((r) => isDue(r, now));
  }

  /** Still pending and not paused: a pass may have paused it after the pass began. */
  isDue(id: string, now: number): boolean {
    const record = this.store.outbox.find((r) => r.id === id);
    return record !== undefined && isDue(record, now);
  }

  /** Holds back every pending record that matches until `until`, in one write (a rate limit hits a whole channel). */
  defer(matches: (record: OutboxRecord) => boolean, until: number): Promise<void> {
    return this.store.change((outbox) => {
      for (const r of outbox)
        if (r.state === 'pending' && matches(r)) r.nextAttemptAt = Math.max(r.nextAttemptAt ?? 0, until);
    });
  }

  nextWake(): number | undefined {
    const times = this.store.outbox.filter((r) => r.state === 'pending').map((r) => r.nextAttemptAt ?? 0);
    return times.length ? Math.min(...times) : undefined;
  }

  /** Applies a change to one record and writes it before resolving. */
  mark(id: string, change: (record: OutboxRecord) => void): Promise<void> {
    return this.store.change((outbox) => {
      const record = outbox.find((r) => r.id === id);
      if (record) change(record);
    });
  }

  onEnqueue(listener: () => void): void {
    this.listeners.push(listener);
  }
}

function isDue(record: OutboxRecord, now: number): boolean {
  return record.state === 'pending' && (record.nextAttemptAt ?? 0) <= now;
}

function recordId(kind: string, period: string, target: Target): string {
  return `${kind}:${period}:${targetKey(target)}`;
}
