/**
 * Report periods in Asia/Shanghai (UTC+8 all year: China has kept no daylight saving since 1991, so a fixed
 * offset is exact). Pure: the controller turns a problem into a 400 REPORT_PERIOD_INVALID.
 */
export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'custom';
export const PERIOD_KINDS: readonly PeriodKind[] = ['day', 'week', 'month', 'quarter', 'year', 'custom'];

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** A custom period longer than this is refused (a report over decades is a mistake, and a slow one). */
export const MAX_CUSTOM_DAYS = 400;

export interface ReportPeriod {
  kind: PeriodKind;
  /** Inclusive start instant (local midnight). */
  from: Date;
  /** Exclusive end instant (local midnight after the last day). */
  to: Date;
  /** First and last local dates, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
  /** Chinese label for titles: 2026年第3季度, 2026年9月, 2026-09-01 至 2026-09-07 … */
  label: string;
}

export interface PeriodInput {
  period?: PeriodKind;
  /** Any local date inside the period (default: today). */
  date?: string;
  /** Custom: first and last local dates, inclusive. */
  from?: string;
  to?: string;
}

export type PeriodResult = { ok: true; value: ReportPeriod } | { ok: false; problem: string };

interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** The local date (Asia/Shanghai) of an instant. */
export function localDay(at: Date | number): string {
  const t = new Date((typeof at === 'number' ? at : at.getTime()) + OFFSET_MS);
  return t.toISOString().slice(0, 10);
}

/** Local midnight of a YYYY-MM-DD date as an instant. */
export function localMidnight(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS);
}

function parseDay(s: string): Ymd | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const ymd = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  const back = new Date(Date.UTC(ymd.y, ymd.m - 1, ymd.d)).toISOString().slice(0, 10);
  return back === s ? ymd : null;
}

const fmt = (y: number, m: number, d: number): string => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

function make(kind: PeriodKind, first: string, nextFirst: string, label: string): ReportPeriod {
  const from = localMidnight(first);
  const to = localMidnight(nextFirst);
  return { kind, from, to, firstDay: first, lastDay: localDay(to.getTime() - 1), label };
}

export function resolvePeriod(input: PeriodInput, now: Date): PeriodResult {
  const kind = input.period ?? (input.from || input.to ? 'custom' : 'month');
  if (!PERIOD_KINDS.includes(kind)) return { ok: false, problem: `未知的统计周期「${String(kind)}」，可选：${PERIOD_KINDS.join('、')}` };
  if (kind === 'custom') {
    if (!input.from || !input.to) return { ok: false, problem: '自定义周期需要同时给出 from 和 to（YYYY-MM-DD）' };
    const a = parseDay(input.from);
    const b = parseDay(input.to);
    if (!a) return { ok: false, problem: `起始日期「${input.from}」无效，应为 YYYY-MM-DD` };
    if (!b) return { ok: false, problem: `结束日期「${input.to}」无效，应为 YYYY-MM-DD` };
    if (input.to < input.from) return { ok: false, problem: `结束日期 ${input.to} 早于起始日期 ${input.from}` };
    const next = fmt(b.y, b.m, b.d + 1);
    const days = (Date.parse(next) - Date.parse(input.from)) / DAY_MS;
    if (days > MAX_CUSTOM_DAYS) return { ok: false, problem: `自定义周期最长 ${MAX_CUSTOM_DAYS} 天，当前为 ${days} 天` };
    return { ok: true, value: make('custom', input.from, next, `${input.from} 至 ${input.to}`) };
  }
  if (input.from || input.to) return { ok: false, problem: 'from/to 只用于自定义周期（period=custom）' };
  const anchor = input.date ?? localDay(now);
  const a = parseDay(anchor);
  if (!a) return { ok: false, problem: `日期「${anchor}」无效，应为 YYYY-MM-DD` };
  switch (kind) {
    case 'day':
      return { ok: true, value: make(kind, anchor, fmt(a.y, a.m, a.d + 1), anchor) };
    case 'week': {
      // Weeks start on Monday, as Chinese calendars and offices count them.
      const weekday = (new Date(Date.UTC(a.y, a.m - 1, a.d)).getUTCDay() + 6) % 7;
      const first = fmt(a.y, a.m, a.d - weekday);
      const last = fmt(a.y, a.m, a.d - weekday + 6);
      return { ok: true, value: make(kind, first, fmt(a.y, a.m, a.d - weekday + 7), `${first} 至 ${last}`) };
    }
    case 'month':
      return { ok: true, value: make(kind, fmt(a.y, a.m, 1), fmt(a.y, a.m + 1, 1), `${a.y}年${a.m}月`) };
    case 'quarter': {
      const q = Math.floor((a.m - 1) / 3);
      return { ok: true, value: make(kind, fmt(a.y, q * 3 + 1, 1), fmt(a.y, q * 3 + 4, 1), `${a.y}年第${q + 1}季度`) };
    }
    case 'year':
      return { ok: true, value: make(kind, fmt(a.y, 1, 1), fmt(a.y + 1, 1, 1), `${a.y}年`) };
  }
}
