/** Time source for everything in the agent that waits, so tests can drive time by hand. */
declare const timerBrand: unique symbol;
export type TimerHandle = { readonly [timerBrand]: true };

export interface Clock {
  now(): number;
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** setTimeout fires at once above 2^31-1 ms (~24.8 days); longer waits are chained. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

interface SystemTimer {
  timeout: NodeJS.Timeout | undefined;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const timer: SystemTimer = { timeout: undefined };
    let remaining = Math.max(0, ms);
    const arm = (): void => {
      const step = Math.min(remaining, MAX_TIMEOUT_MS);
      remaining -= step;
      timer.timeout = setTimeout(() => (remaining > 0 ? arm() : fn()), step);
    };
    arm();
    return timer as unknown as TimerHandle;
  },
  clearTimer(handle) {
    const timer = handle as unknown as SystemTimer;
    if (timer.timeout !== undefined) clearTimeout(timer.timeout);
  },
};

/**
 * A clock `offsetMs` ahead of `base` (behind when negative); timers are relative, so they are unchanged. For
 * simulations and fault-injection runs only (SUNSHINE_CLOCK_OFFSET_MS): a device whose RTC drifted.
 */
export function offsetClock(base: Clock, offsetMs: number): Clock {
  if (offsetMs === 0) return base;
  return { now: () => base.now() + offsetMs, setTimer: (fn, ms) => base.setTimer(fn, ms), clearTimer: (h) => base.clearTimer(h) };
}

/** SUNSHINE_CLOCK_OFFSET_MS: an integer number of ms (may be negative); 0 when absent, null when malformed. */
export function clockOffsetFromEnv(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === '') return 0;
  return /^-?\d{1,12}$/.test(raw.trim()) ? Number(raw.trim()) : null;
}
