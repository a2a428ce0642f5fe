/**
 * Token buckets per key (a client address): `burst` requests at once, refilled at `perSecond`. Pure: time is
 * passed in, so tests run on fake time. Full buckets are forgotten when the map grows, so spoofed or many
 * addresses cannot grow memory without bound.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  atMs: number;
}

const SWEEP_ABOVE = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1)) throw new Error(`invalid rate limit ${JSON.stringify(limit)}`);
  }

  take(key: string, nowMs: number): RateDecision {
    const bucket = this.refilled(key, nowMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(key, bucket);
      if (this.buckets.size > SWEEP_ABOVE) this.sweep(nowMs);
      return { allowed: true };
    }
    this.buckets.set(key, bucket);
    return { allowed: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) / this.limit.perSecond) * 1000) };
  }

  /** Keys currently tracked (for tests of the sweep). */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, nowMs: number): Bucket {
    const b = this.buckets.get(key);
    if (!b) return { tokens: this.limit.burst, atMs: nowMs };
    // A clock stepping back never adds tokens.
    const elapsed = Math.max(0, nowMs - b.atMs);
    return { tokens: Math.min(this.limit.burst, b.tokens + (elapsed / 1000) * this.limit.perSecond), atMs: Math.max(nowMs, b.atMs) };
  }

  private sweep(nowMs: number): void {
    for (const key of [...this.buckets.keys()]) {
      if (this.refilled(key, nowMs).tokens >= this.limit.burst) this.buckets.delete(key);
    }
  }
}
