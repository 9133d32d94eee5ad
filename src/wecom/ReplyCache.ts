/**
 * Remembers what each message was answered for a while. A WeCom retry (same MsgId) joins the first
 * attempt's answer instead of running the command again.
 */
export class ReplyCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; expires: number }>();

  constructor(private readonly ttlMs: number, private readonly now: () => number) {}

  get(key: string): Promise<T> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: Promise<T>): void {
    this.evictExpired();
    this.entries.delete(key); // re-inserted at the back, keeping insertion order = expiry order
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
  }

  /** Insertion order is expiry order, so stale entries are always at the front. */
  private evictExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expires > now) break;
      this.entries.delete(key);
    }
  }
}
