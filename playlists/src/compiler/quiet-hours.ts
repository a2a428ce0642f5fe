import type { QuietHours } from '../model/playlist';
import { localMsOfDay, parseHhMm } from './local-time';

/** Loudspeakers are silent at night unless there is an emergency (DESIGN.md §5). */
/** Service halls open on weekdays roughly 08:30–17:30: screens loop their notices then. */
export const DEFAULT_SCREEN_OPENING_HOURS: readonly QuietHours[] = Object.freeze([Object.freeze({ from: '08:30', until: '17:30' })]);

export const DEFAULT_SPEAKER_QUIET_HOURS: readonly QuietHours[] = Object.freeze([Object.freeze({ from: '22:00', until: '06:00' })]);

/**
 * The quiet-hour range containing the instant, or null. A range is [from, until) in local time and wraps
 * midnight when from > until; from == until is an empty range.
 */
export function quietHoursAt(instantMs: number, quietHours: readonly QuietHours[], timeZone: string): QuietHours | null {
  const minute = localMsOfDay(instantMs, timeZone) / 60_000;
  for (const range of quietHours) {
    const from = requireHhMm(range.from);
    const until = requireHhMm(range.until);
    const inside = from <= until ? minute >= from && minute < until : minute >= from || minute < until;
    if (inside) return range;
  }
  return null;
}

/** A quiet-hours range with its bounds in minutes since local midnight. */
export interface QuietRange {
  from: number;
  until: number;
  range: QuietHours;
}

/** Parses ranges once (per device) so that `quietRangeAt` answers each slot with arithmetic only. */
export function parseQuietRanges(quietHours: readonly QuietHours[]): QuietRange[] {
  return quietHours.map((range) => ({ from: requireHhMm(range.from), until: requireHhMm(range.until), range }));
}

/** Same answer as `quietHoursAt` for an instant that lies `msOfDay` after local midnight. */
export function quietRangeAt(msOfDay: number, ranges: readonly QuietRange[]): QuietHours | null {
  const minute = msOfDay / 60_000;
  for (const { from, until, range } of ranges) {
    const inside = from <= until ? minute >= from && minute < until : minute >= from || minute < until;
    if (inside) return range;
  }
  return null;
}

/** Throws when a range bound is not "HH:MM", so a bad range fails the compile rather than every agent's validation. */
export function assertQuietHours(quietHours: readonly QuietHours[]): void {
  for (const range of quietHours) {
    requireHhMm(range.from);
    requireHhMm(range.until);
  }
}

function requireHhMm(s: string): number {
  const minutes = parseHhMm(s);
  if (minutes === null) throw new Error(`静音时段格式错误：${s}（应为 HH:MM）`);
  return minutes;
}
