export const MAX_LOGIN_FAILURES = 5;
export const LOGIN_LOCK_MS = 15 * 60_000;
/** Bounds memory under a spray of random user names: the oldest keys go first. */
const MAX_KEYS = 20_000;

interface Entry {
  failures: number;
  lockedUntil: number;
}

/**
 * Counts failed logins per key ("user:<name>", "ip:<address>") and locks a key for 15 minutes after 5 failures
 * in a row. Pure and in memory: time is passed in, so it is tested on fake time. Unknown user names are counted
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
      // An expired lock starts a fresh count.
      const e: Entry = prev && !(prev.lockedUntil !== 0 && prev.lockedUntil <= nowMs) ? prev : { failures: 0, lockedUntil: 0 };
      e.failures += 1;
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

  unlock(key: string): void {
    this.entries.delete(key);
  }
}

export const accountKey = (username: string): string => `user:${username.toLowerCase()}`;
export const addressKey = (ip: string): string => `ip:${ip}`;
