/** Figures the benchmarks report: percentiles and process memory. */
import * as fs from 'node:fs';

export interface Spread {
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] ?? NaN };
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

export interface Rss {
  /** Resident set now, MB. */
  mb: number;
  /** Peak resident set since the process started (VmHWM), MB. */
  peakMb: number;
}

/** RSS of another process from /proc (Linux); null elsewhere or once it has exited. */
export function rssOf(pid: number | undefined): Rss | null {
  if (pid === undefined) return null;
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { mb: round(kb('VmRSS') / 1024), peakMb: round(kb('VmHWM') / 1024) };
}
