import { localDateTimeOf, localToInstant } from '@sunshine/playlists';

export type ReportPeriodKind = 'month' | 'quarter';
export const REPORT_PERIOD_KINDS: readonly ReportPeriodKind[] = ['month', 'quarter'];

/** A calendar month or quarter in the county's zone: [from, to) as instants. */
export interface CalendarPeriod {
  kind: ReportPeriodKind;
  /** "2026-09" or "2026-Q3": stable, sortable, used in file names and the database. */
  key: string;
  /** "2026年9月" or "2026年第三季度": what the report and its file name say. */
  label: string;
  from: Date;
  to: Date;
}

const QUARTER_NAMES = ['一', '二', '三', '四'];
const KEY_PATTERN: Record<ReportPeriodKind, RegExp> = { month: /^(\d{4})-(0[1-9]|1[0-2])$/, quarter: /^(\d{4})-Q([1-4])$/ };

/** The period a key names, or null when the key is not one ("2026-13", "2026-Q5"). */
export function periodOf(kind: ReportPeriodKind, key: string, timeZone: string): CalendarPeriod | null {
  const m = KEY_PATTERN[kind].exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  const firstMonth = kind === 'month' ? n : (n - 1) * 3 + 1;
  const months = kind === 'month' ? 1 : 3;
  const start = { year, month: firstMonth, day: 1, hour: 0, minute: 0 };
  const endMonth = firstMonth + months;
  const end = endMonth > 12 ? { year: year + 1, month: endMonth - 12, day: 1, hour: 0, minute: 0 } : { year, month: endMonth, day: 1, hour: 0, minute: 0 };
  return {
    kind,
    key,
    label: kind === 'month' ? `${year}年${n}月` : `${year}年第${QUARTER_NAMES[n - 1]}季度`,
    from: new Date(localToInstant(start, timeZone)),
    to: new Date(localToInstant(end, timeZone)),
  };
}

/** The key of the month or quarter containing an instant, in the zone. */
export function periodKeyAt(kind: ReportPeriodKind, instantMs: number, timeZone: string): string {
  const t = localDateTimeOf(instantMs, timeZone);
  return kind === 'month' ? `${t.year}-${String(t.month).padStart(2, '0')}` : `${t.year}-Q${Math.floor((t.month - 1) / 3) + 1}`;
}

/** The period just before the one with this key. */
export function previousPeriodKey(kind: ReportPeriodKind, key: string): string {
  const m = KEY_PATTERN[kind].exec(key);
  if (!m) throw new Error(`not a ${kind} key: ${key}`);
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (kind === 'month') return n === 1 ? `${year - 1}-12` : `${year}-${String(n - 1).padStart(2, '0')}`;
  return n === 1 ? `${year - 1}-Q4` : `${year}-Q${n - 1}`;
}

/**
 * The latest month or quarter that has closed at least `settleMs` before `nowMs`: the one before the current
 * period, once the current one is `settleMs` old (agents that were offline at midnight have reported by then).
 */
export function lastClosedPeriod(kind: ReportPeriodKind, nowMs: number, timeZone: string, settleMs: number): CalendarPeriod {
  const previous = previousPeriodKey(kind, periodKeyAt(kind, nowMs - settleMs, timeZone));
  return periodOf(kind, previous, timeZone)!;
}
