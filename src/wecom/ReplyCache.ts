interface Settled<T> {
  value: Promise<T>;
  expires: number;
}

/**
 * Remembers what each message was answered for a while. A WeCom retry (same MsgId) joins the first
 * attempt's answer instead of running the command again.
 *
 * An answer still being worked out is always kept: a retry must join it, since a change is only
 * recognisable on disk (by its MsgId) once it is written, and such answers are as few as the work
 * in progress. A settled answer is kept for `ttlMs`, and at most `maxSettled` of them, the oldest
 * dropped first, so memory does not grow with the request rate. A retry of a dropped message runs
 * its command again, as after a restart; a change it carries is then found on disk and not re-applied.
 */
export class ReplyCache<T> {
  private readonly running = new Map<string, Promise<T>>();
  // Two generations, the older dropped whole when the newer is full: dropping entries one by one
  // from the front of a Map leaves holes that every later look at its front walks past.
  private newer = new Map<string, Settled<T>>();
  private older = new Map<string, Settled<T>>();
  private readonly generation: number;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    maxSettled = 10_000,
  ) {
    this.generation = Math.max(1, Math.floor(maxSettled / 2));
  }

  get(key: string): Promise<T> | undefined {
    const running = this.running.get(key);
    if (running) return running;
    const entry = this.newer.get(key) ?? this.older.get(key);
    return entry && entry.expires > this.now() ? entry.value : undefined;
  }

  set(key: string, value: Promise<T>): void {
    this.newer.delete(key);
    this.older.delete(key);
    this.running.set(key, value);
    const keep = () => this.keep(key, value);
    value.then(keep, keep);
  }

  private keep(key: string, value: Promise<T>): void {
    // Replaced while running: the replacement is kept when it settles.
    if (this.running.get(key) !== value) return;
    this.running.delete(key);
    if (this.newer.size >= this.generation) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, { value, expires: this.now() + this.ttlMs });
  }
}
