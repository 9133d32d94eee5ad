import type { Clock } from '../clock.js';
import type { Card } from '../reply/Card.js';
import type { OutboxMessage, OutboxProgress, OutboxRecord, PushKind, Target } from './OutboxRecord.js';
import type { OutboxStore } from './OutboxStore.js';
import { targetKey } from './targetKey.js';

export interface Push {
  kind: PushKind;
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

  constructor(
    private readonly store: OutboxStore,
    private readonly clock: Clock,
  ) {
    store.onInserted?.(() => {
      for (const l of this.listeners) l();
    });
  }

  /** Resolves once the new records are durable, with the ones that were not there before. */
  async enqueue(pushes: readonly Push[]): Promise<OutboxRecord[]> {
    // A record with nothing to send could never be marked sent, and would keep the sender waking.
    const empty = pushes.find((p) => p.message.parts.length === 0);
    if (empty) throw new Error(`outbox: ${empty.kind}:${empty.period} has no content`);
    const createdAt = this.clock();
    const added = await this.store.insertIfAbsent(
      pushes.map((p) => ({
        id: recordId(p.kind, p.period, p.target),
        kind: p.kind,
        period: p.period,
        target: p.target,
        message: p.message,
        state: 'pending',
        attempts: 0,
        createdAt,
      })),
    );
    if (added.length) for (const listener of this.listeners) listener();
    return added;
  }

  /**
   * A private text to each member; `key` makes it once-only per member (e.g. "assign:21:<msgId>").
   * With `cardFor`, each member gets that card instead and the text stays its plain rendering.
   */
  async notify(
    kind: PushKind,
    userIds: readonly string[],
    text: string,
    key: string,
    cardFor?: (userId: string) => Card,
  ): Promise<void> {
    await this.enqueue(
      userIds.map((userId) => ({
        kind,
        period: key,
        target: { kind: 'user', userId },
        message: { msgtype: 'text', parts: [text], ...(cardFor && { card: cardFor(userId) }) },
      })),
    );
  }

  async has(kind: PushKind, period: string, target: Target): Promise<boolean> {
    return (await this.record(kind, period, target)) !== undefined;
  }

  /**
   * Forgets the pushes of `kinds` stamped more than a day after `now`: a clock that ran fast made them
   * for periods that have not come yet, and kept, they would make those periods look done when they
   * really come. Resolves with the ids forgotten.
   */
  async forgetFuture(kinds: readonly PushKind[], now: number): Promise<string[]> {
    const future = (await this.store.all())
      .filter((r) => kinds.includes(r.kind) && r.createdAt > now + DAY_MS)
      .map((r) => r.id);
    if (future.length) await this.store.remove(future);
    return future;
  }

  record(kind: PushKind, period: string, target: Target): Promise<OutboxRecord | undefined> {
    return this.store.get(recordId(kind, period, target));
  }

  pending(now: number): Promise<OutboxRecord[]> {
    return this.store.due(now);
  }

  all(): Promise<readonly OutboxRecord[]> {
    return this.store.all();
  }

  /**
   * Still pending and not paused: a pass may have paused it after the pass began. On a shared store
   * it also claims the record, so no other instance sends it meanwhile.
   */
  async isDue(id: string, now: number): Promise<boolean> {
    if (this.store.claim) return this.store.claim(id, now);
    const r = await this.store.get(id);
    return r !== undefined && r.state === 'pending' && (r.nextAttemptAt ?? 0) <= now;
  }

  /** Holds back every pending record that matches until `until` (a rate limit hits a whole channel). */
  async defer(matches: (record: OutboxRecord) => boolean, until: number): Promise<void> {
    const ids = (await this.store.due(Infinity)).filter(matches).map((r) => r.id);
    if (ids.length) await this.store.defer(ids, until);
  }

  nextWake(): Promise<number | undefined> {
    return this.store.nextWake();
  }

  /** Records delivery progress and writes it before resolving. */
  mark(id: string, progress: OutboxProgress): Promise<void> {
    return this.store.update(id, progress);
  }

  /** Forgets what can no longer matter (see OutboxStore.prune). */
  prune(now: number): Promise<number> {
    return this.store.prune(now);
  }

  onEnqueue(listener: () => void): void {
    this.listeners.push(listener);
  }
}

const DAY_MS = 86_400_000;

function recordId(kind: string, period: string, target: Target): string {
  return `${kind}:${period}:${targetKey(target)}`;
}
