/** Source of randomness in [0, 1); injectable so tests are deterministic. */
export type Random = () => number;

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before attempt `failures + 1`: exponential (base · 2^(failures−1), capped at max), then "equal jitter" —
 * half of it fixed, half random — so a thousand devices that failed together do not all come back together,
 * yet none retries sooner than half the nominal delay.
 */
export function backoffDelayMs(failures: number, opts: BackoffOptions, random: Random = Math.random): number {
  const nominal = Math.min(opts.baseMs * 2 ** Math.max(0, failures - 1), opts.maxMs);
  return Math.round(nominal / 2 + random() * (nominal / 2));
}

export interface StartJitterOptions {
  /** The largest random delay before a download that is not urgent. */
  maxMs: number;
  /** Media needed sooner than this is fetched at once. */
  urgentWithinMs: number;
}

/** Media due much later spreads over a tenth of its slack, at most this many times `maxMs` (10 s → 5 min). */
export const FAR_JITTER_FACTOR = 30;

/**
 * Random delay before a first download, spreading a fleet that got the same new playlist at the same moment.
 * Media due within `urgentWithinMs` gets none; otherwise the delay never eats into the urgent window before the due
 * time, and is at most `maxMs` — or, for media due hours ahead, up to a tenth of the time it can wait (at most
 * FAR_JITTER_FACTOR × `maxMs`): a prefecture's 10,000 devices given tomorrow's notice at once then ask the server
 * for it over minutes instead of seconds, and leave it free to deliver the playlist itself (bench:fleet).
 * Media with no due time (the loop set, played as filler) may wait up to `maxMs`.
 */
export function startJitterMs(dueInMs: number | undefined, opts: StartJitterOptions, random: Random = Math.random): number {
  if (dueInMs === undefined) return Math.round(random() * opts.maxMs);
  const slack = dueInMs - opts.urgentWithinMs;
  if (slack <= 0) return 0;
  const window = Math.max(opts.maxMs, Math.min(opts.maxMs * FAR_JITTER_FACTOR, slack / 10));
  return Math.round(random() * Math.min(window, slack));
}
