/**
 * An ISO-8601 instant with an explicit offset (`2025-03-01T07:00:00.000Z`, `…+08:00`). Date.parse alone is too
 * lenient: it accepts local-time forms (read in the reader's timezone), 24:00 and 30 February.
 */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch, or null when `s` is not a valid ISO-8601 instant with offset. */
export function parseIsoInstant(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const m = ISO_INSTANT.exec(s);
  if (!m) return null;
  const part = (i: number): number => Number(m[i] ?? 0);
  if (!isCalendarDate(part(1), part(2), part(3))) return null;
  if (part(4) > 23 || part(5) > 59 || part(6) > 59 || part(7) > 23 || part(8) > 59) return null;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? ms : null;
}

/** True when year-month-day names a real day of the proleptic Gregorian calendar. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the following month is the last day of this one.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
