/**
 * When a schedule airs between two instants: the same expansion the playlist compile uses (expandRecurrence for
 * rules, local "HH:MM"/"YYYY-MM-DDTHH:MM" times mapped to instants by the compiler's local-time code), so the
 * calendar and preview show what devices will be sent.
 */
import { addDays, compareLocalDates, LocalDate, localDateTimeOf, localToInstant, offsetMsAt, parseSlotTime } from '@sunshine/playlists';
import { expandRecurrence } from './recurrence';
import type { ScheduleSlotsData } from './schedule.entity';

export interface OccurrenceOptions {
  timeZone: string;
  /** The schedule's own window [from, until), ms. */
  windowFrom?: number | null;
  windowUntil?: number | null;
  /** Bound on a rule's expansion within the range (a rule that floods it throws RecurrenceError). */
  maxOccurrences?: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Slot starts in [fromMs, untilMs), ascending. Loops have no start times. */
export function occurrencesBetween(slots: ScheduleSlotsData, fromMs: number, untilMs: number, opts: OccurrenceOptions): number[] {
  const lo = Math.max(fromMs, opts.windowFrom ?? -Infinity);
  const hi = Math.min(untilMs, opts.windowUntil ?? Infinity);
  if (hi <= lo) return [];
  const found = new Set<number>();
  const add = (ms: number): void => {
    if (ms >= lo && ms < hi) found.add(ms);
  };
  switch (slots.mode) {
    case 'loop':
      break;
    case 'now':
      add(Date.parse(slots.at));
      break;
    case 'times': {
      const days = localDays(lo, hi, opts.timeZone);
      for (const text of slots.times) {
        const t = parseSlotTime(text);
        if (!t) continue;
        if (t.kind === 'once') add(localToInstant(t, opts.timeZone));
        else for (const day of days) add(localToInstant({ ...day, hour: t.hour, minute: t.minute }, opts.timeZone));
      }
      break;
    }
    case 'rrule': {
      const window = { fromLocal: localMinute(lo + MINUTE_MS - 1, opts.timeZone), untilLocal: localMinute(hi + MINUTE_MS - 1, opts.timeZone) };
      for (const local of expandRecurrence(slots, window, { timeZone: opts.timeZone, maxOccurrences: opts.maxOccurrences })) {
        add(localToInstant(parseSlotTime(local) as Extract<ReturnType<typeof parseSlotTime>, { kind: 'once' }>, opts.timeZone));
      }
      break;
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** The first `limit` starts at or after `nowMs`, looking a week at a time for up to a year. */
export function nextOccurrences(slots: ScheduleSlotsData, nowMs: number, limit: number, opts: OccurrenceOptions): number[] {
  const out: number[] = [];
  for (let week = 0; week < 53 && out.length < limit; week++) {
    const from = nowMs + week * 7 * DAY_MS;
    out.push(...occurrencesBetween(slots, from, from + 7 * DAY_MS, opts));
    if (slots.mode === 'now' || slots.mode === 'loop') break;
  }
  return out.slice(0, limit);
}

/** ISO text of an instant with the zone's offset, e.g. 2026-12-01T07:00:00+08:00. */
export function isoInZone(ms: number, timeZone: string): string {
  const offset = offsetMsAt(ms, timeZone);
  const local = new Date(ms + offset).toISOString().slice(0, 19);
  const abs = Math.abs(offset) / MINUTE_MS;
  return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function localDays(fromMs: number, untilMs: number, timeZone: string): LocalDate[] {
  const days: LocalDate[] = [];
  const last = localDateTimeOf(untilMs, timeZone);
  for (let d: LocalDate = localDateTimeOf(fromMs, timeZone); compareLocalDates(d, last) <= 0; d = addDays(d, 1)) {
    days.push({ year: d.year, month: d.month, day: d.day });
  }
  return days;
}

/** Local "YYYY-MM-DDTHH:MM" of the minute containing `ms`. */
function localMinute(ms: number, timeZone: string): string {
  const t = localDateTimeOf(ms, timeZone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
}

const pad = (n: number): string => String(n).padStart(2, '0');
