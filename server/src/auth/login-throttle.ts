export const MAX_LOGIN_FAILURES = 5;
export const LOGIN_LOCK_MS = 15 * 60_000;
/** Bounds memory under a spray of random user names: the oldest keys go first. */
const MAX_KEYS = 20_000;

interface Entry {
  failures: number;
  lockedUntil: number;
  lastFailureAt: number;
  /** The other keys of the same failures (an account's addresses): an administrator's unlock lifts them too. */
  related: Set<string>;
}

/**
 * Counts failed logins per key ("user:<name>", "ip:<address>") and locks a key for 15 minutes after 5 failures
 * in a row (a failure more than 15 minutes after the previous one starts a new count). Pure and in memory: time is passed in, so it is tested on fake time. Unknown user names are counted
 * like real ones, so a lock says nothing about whether an account exists.
 */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxFailures = MAX_LOGIN_FAILURES,
    private readonly lockMs = LOGIN_LOCK_MS,
  ) {}

  /** Epoch ms until which the first locked key stays locked, or null when none is locked. */
  lockedUntil(keys: readonly string[], nowMs: number): number | null {
    let until: number | null = null;
    for (const key of keys) {
      const e = this.entries.get(key);
      if (e && e.lockedUntil > nowMs) until = Math.max(until ?? 0, e.lockedUntil);
    }
    return until;
  }

  /** Records a failure for every key; returns the lock end when this failure locked one of them. */
  fail(keys: readonly string[], nowMs: number): number | null {
    let locked: number | null = null;
    for (const key of keys) {
      const prev = this.entries.get(key);
      // An expired lock, or a pause as long as a lock, starts a fresh count.
      const stale = !prev || (prev.lockedUntil !== 0 && prev.lockedUntil <= nowMs) || (prev.lockedUntil === 0 && nowMs - prev.lastFailureAt >= this.lockMs);
      const e: Entry = stale ? { failures: 0, lockedUntil: 0, lastFailureAt: nowMs, related: new Set() } : prev;
      e.failures += 1;
      e.lastFailureAt = nowMs;
      for (const other of keys) if (other !== key) e.related.add(other);
      if (e.failures >= this.maxFailures) {
        e.lockedUntil = nowMs + this.lockMs;
        locked = Math.max(locked ?? 0, e.lockedUntil);
      }
      this.entries.delete(key);
      this.entries.set(key, e);
    }
    while (this.entries.size > MAX_KEYS) this.entries.delete(this.entries.keys().next().value as string);
    return locked;
  }

  succeed(keys: readonly string[]): void {
    for (const key of keys) this.entries.delete(key);
  }

  /**
   * Lifts a key's lock and the locks of the keys that failed with it: unlocking an account also frees the
   * addresses its failures came from, or the user at that desk would still be locked out.
   */
  unlock(key: string): void {
    for (const other of this.entries.get(key)?.related ?? []) this.entries.delete(other);
    this.entries.delete(key);
  }
}

export const accountKey = (username: string): string => `user:${username.toLowerCase()}`;
export const addressKey = (ip: string): string => `ip:${ip}`;
