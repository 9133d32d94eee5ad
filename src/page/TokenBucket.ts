/**
 * Per-key token buckets in memory: `burst` requests at once, then one every `refillMs`. Full buckets
 * are forgotten, so a stream of one-off addresses cannot grow the map without bound for long.
 */
export class TokenBucket {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly refillMs: number,
    private readonly now: () => number,
  ) {}

  take(key: string): boolean {
    const now = this.now();
    if (this.buckets.size > 10_000) this.sweep(now);
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) / this.refillMs);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) / this.refillMs >= this.burst) this.buckets.delete(key);
    }
  }
}
