/**
 * When the loop set may play (DESIGN.md §5): local "HH:MM" opening-hour ranges of the playlist's timezone,
 * evaluated on the agent's own clock. Pure; tolerant of malformed ranges (ignored), because an agent must keep
 * airing timed items whatever a playlist's opening hours say.
 */
import { addDays, localDateTimeOf, localMsOfDay, localToInstant, parseHhMm } from '../compiler/local-time';
import type { PlaylistPayload, QuietHours } from '../model/playlist';

export type LoopHours = Pick<PlaylistPayload, 'timezone' | 'openingHours'>;

interface Range {
  from: number;
  until: number;
}

/** Minutes since midnight; empty (from == until) and malformed ranges are dropped. */
function rangesOf(openingHours: readonly QuietHours[]): Range[] {
  const ranges: Range[] = [];
  for (const r of openingHours) {
    const from = parseHhMm(r.from);
    const until = parseHhMm(r.until);
    if (from !== null && until !== null && from !== until) ranges.push({ from, until });
  }
  return ranges;
}

function insideAny(ranges: readonly Range[], instantMs: number, timeZone: string): boolean {
  const minute = localMsOfDay(instantMs, timeZone) / 60_000;
  return ranges.some(({ from, until }) => (from < until ? minute >= from && minute < until : minute >= from || minute < until));
}

/**
 * Whether the loop may play at the instant. Absent opening hours mean no restriction (playlists of servers that
 * predate them); an empty list means the loop never plays. A range is [from, until) and wraps midnight when from > until.
 */
export function isLoopOpenAt(hours: LoopHours, instantMs: number): boolean {
  if (hours.openingHours === undefined) return true;
  return insideAny(rangesOf(hours.openingHours), instantMs, hours.timezone);
}

/** Local range boundaries (`from` or `until`) as instants, within about two days either side of the instant. */
function boundariesAround(ranges: readonly Range[], which: 'from' | 'until', instantMs: number, timeZone: string): number[] {
  const today = localDateTimeOf(instantMs, timeZone);
  const out: number[] = [];
  for (let day = -1; day <= 2; day++) {
    const date = addDays(today, day);
    for (const r of ranges) {
      const minutes = r[which];
      out.push(localToInstant({ ...date, hour: Math.floor(minutes / 60), minute: minutes % 60 }, timeZone));
    }
  }
  return out.sort((a, b) => a - b);
}

/**
 * The first instant at or after `afterMs` at which the loop may play: `afterMs` itself when open now, null when it
 * never opens (empty opening hours). Every opening lies within a day, so looking two days ahead suffices.
 */
export function nextLoopOpening(hours: LoopHours, afterMs: number): number | null {
  if (isLoopOpenAt(hours, afterMs)) return afterMs;
  const ranges = rangesOf(hours.openingHours ?? []);
  return boundariesAround(ranges, 'from', afterMs, hours.timezone).find((t) => t > afterMs && insideAny(ranges, t, hours.timezone)) ?? null;
}

/**
 * The instant the current opening ends (the loop stops starting new items), or null when the loop is closed now or
 * never closes (absent opening hours, or ranges covering the whole day).
 */
export function loopClosingAfter(hours: LoopHours, afterMs: number): number | null {
  if (hours.openingHours === undefined || !isLoopOpenAt(hours, afterMs)) return null;
  const ranges = rangesOf(hours.openingHours);
  return boundariesAround(ranges, 'until', afterMs, hours.timezone).find((t) => t > afterMs && !insideAny(ranges, t, hours.timezone)) ?? null;
}
