/**
 * Local wall-clock values and their conversion to instants in any IANA zone, using only Intl (no tz database
 * dependency). Schedules are written in local time (Asia/Shanghai); playlists carry absolute instants.
 */
import { isCalendarDate } from '../validation/iso-instant';

export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
}

/** A slot time of a schedule: "HH:MM" every local day, or "YYYY-MM-DDTHH:MM" once. */
export type SlotTime = { kind: 'daily'; hour: number; minute: number } | ({ kind: 'once' } & LocalDateTime);

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const OFFSET_CACHE_LIMIT = 50_000;
const offsets = new Map<string, number>();

/** The zone's UTC offset in ms at an instant (Asia/Shanghai: +8 h). */
export function offsetMsAt(instantMs: number, timeZone: string): number {
  // Every device compile asks about the same few slot instants; Intl formatting would dominate compile time.
  const key = `${timeZone}|${instantMs}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size >= OFFSET_CACHE_LIMIT) offsets.clear();
    offset = computeOffsetMs(instantMs, timeZone);
    offsets.set(key, offset);
  }
  return offset;
}

function computeOffsetMs(instantMs: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instantMs)) {
    if (p.type !== 'literal') fields[p.type] = Number(p.value);
  }
  const wallAsUtc = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  return wallAsUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The local wall-clock reading at an instant. */
export function localDateTimeOf(instantMs: number, timeZone: string): LocalDateTime {
  const wall = new Date(instantMs + offsetMsAt(instantMs, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
  };
}

/** Milliseconds since local midnight at an instant (for quiet-hour checks). */
export function localMsOfDay(instantMs: number, timeZone: string): number {
  const wall = instantMs + offsetMsAt(instantMs, timeZone);
  return ((wall % DAY_MS) + DAY_MS) % DAY_MS;
}

/**
 * The instant a local wall-clock time denotes. Across DST changes it resolves like Temporal's 'compatible':
 * an ambiguous time (clocks fall back) takes the earlier instant; a skipped time (clocks spring forward)
 * is moved forward by the length of the gap.
 */
export function localToInstant(local: LocalDateTime, timeZone: string): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Offsets a day either side bracket any single transition near this wall time.
  const before = offsetMsAt(wall - DAY_MS, timeZone);
  const after = offsetMsAt(wall + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((t) => offsetMsAt(t, timeZone) === wall - t)
    .sort((a, b) => a - b);
  return candidates.length > 0 ? candidates[0] : wall - before;
}

/** Calendar arithmetic on a local date (no timezone involved). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since local midnight of "HH:MM", or null when malformed. */
export function parseHhMm(s: string): number | null {
  const m = HH_MM.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Parses a schedule slot time; null when malformed or naming a day that does not exist. */
export function parseSlotTime(s: string): SlotTime | null {
  const hhmm = parseHhMm(s);
  if (hhmm !== null) return { kind: 'daily', hour: Math.floor(hhmm / 60), minute: hhmm % 60 };
  const m = LOCAL_DATE_TIME.exec(s);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number);
  return isCalendarDate(year, month, day) ? { kind: 'once', year, month, day, hour, minute } : null;
}
