/**
 * Strict RFC 5545 RRULE text parsing. rrule's own parser is lenient in ways that hurt operators: it keeps
 * `BYHOUR=abc` as a string, maps `BYDAY=XX` to undefined and ignores the RFC's "MUST NOT" combinations, so a
 * typo would silently change when a loudspeaker airs. We parse and check the text here, then hand rrule
 * ready-made options (see recurrence.ts).
 */
import { isCalendarDate, offsetMsAt } from '@sunshine/playlists';
import { Frequency, Weekday } from 'rrule';

export type RecurrenceErrorCode =
  | 'malformed-rule'
  | 'unsupported-rule'
  | 'unbounded-rule'
  | 'too-frequent'
  | 'never-occurs'
  | 'invalid-local-time';

/** A rule the operator must fix; `message` is Chinese and shown as is. */
export class RecurrenceError extends Error {
  constructor(
    readonly code: RecurrenceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RecurrenceError';
  }
}

/** A checked RRULE. Times are "floating" (local wall clock stored as if UTC), see recurrence.ts. */
export interface RuleParts {
  freq: Frequency;
  interval: number;
  count?: number;
  /** Floating ms, inclusive. */
  until?: number;
  wkst?: number;
  byweekday?: Weekday[];
  bymonth?: number[];
  bymonthday?: number[];
  byyearday?: number[];
  byweekno?: number[];
  byhour?: number[];
  byminute?: number[];
  bysecond?: number[];
  bysetpos?: number[];
}

type NumberListKey = 'bymonth' | 'bymonthday' | 'byyearday' | 'byweekno' | 'byhour' | 'byminute' | 'bysecond' | 'bysetpos';

/** Unsigned values lie in [min, max]; signed ones in ±[min, max] (RFC 5545 counts those from the end). */
const NUMBER_LISTS: Record<string, { key: NumberListKey; min: number; max: number; signed: boolean }> = {
  BYSECOND: { key: 'bysecond', min: 0, max: 60, signed: false },
  BYMINUTE: { key: 'byminute', min: 0, max: 59, signed: false },
  BYHOUR: { key: 'byhour', min: 0, max: 23, signed: false },
  BYMONTHDAY: { key: 'bymonthday', min: 1, max: 31, signed: true },
  BYYEARDAY: { key: 'byyearday', min: 1, max: 366, signed: true },
  BYWEEKNO: { key: 'byweekno', min: 1, max: 53, signed: true },
  BYMONTH: { key: 'bymonth', min: 1, max: 12, signed: false },
  BYSETPOS: { key: 'bysetpos', min: 1, max: 366, signed: true },
};

const FREQUENCIES: Record<string, Frequency> = {
  YEARLY: Frequency.YEARLY,
  MONTHLY: Frequency.MONTHLY,
  WEEKLY: Frequency.WEEKLY,
  DAILY: Frequency.DAILY,
  HOURLY: Frequency.HOURLY,
  MINUTELY: Frequency.MINUTELY,
  SECONDLY: Frequency.SECONDLY,
};

/** rrule numbers weekdays from Monday = 0. */
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const KNOWN_PARTS = new Set(['FREQ', 'UNTIL', 'COUNT', 'INTERVAL', 'WKST', 'BYDAY', ...Object.keys(NUMBER_LISTS)]);

const malformed = (detail: string): RecurrenceError => new RecurrenceError('malformed-rule', `重复规则格式错误：${detail}`);

/**
 * Parses an RRULE body ('FREQ=…;…', optionally prefixed 'RRULE:', case-insensitive). A UTC UNTIL ('…Z') is
 * converted to wall-clock time in `timeZone`; a floating UNTIL is already wall-clock time.
 */
export function parseRuleText(text: string, timeZone: string): RuleParts {
  const body = text.trim().replace(/^RRULE:/i, '').toUpperCase();
  if (body === '') throw malformed('规则为空');
  const values = new Map<string, string>();
  for (const part of body.split(';')) {
    const m = /^([A-Z]+)=([A-Z0-9,+-]+)$/.exec(part);
    if (!m) throw malformed(`无法识别“${part}”（应为 名称=值，以分号分隔的一行 RRULE）`);
    const [, name, value] = m;
    if (!KNOWN_PARTS.has(name)) throw malformed(`不支持的规则项 ${name}`);
    if (values.has(name)) throw malformed(`规则项 ${name} 重复出现`);
    values.set(name, value);
  }

  const freqName = values.get('FREQ');
  if (freqName === undefined) throw malformed('缺少 FREQ（重复频率）');
  if (!Object.hasOwn(FREQUENCIES, freqName)) throw malformed(`未知的频率 FREQ=${freqName}`);
  if (freqName === 'SECONDLY') {
    throw new RecurrenceError('unsupported-rule', '播出时间只精确到分钟，不支持按秒重复（FREQ=SECONDLY）');
  }
  const parts: RuleParts = { freq: FREQUENCIES[freqName], interval: 1 };

  for (const [name, value] of values) {
    if (name === 'INTERVAL') parts.interval = positiveInteger(name, value);
    else if (name === 'COUNT') parts.count = positiveInteger(name, value);
    else if (name === 'UNTIL') parts.until = parseUntil(value, timeZone);
    else if (name === 'WKST') parts.wkst = weekdayIndex(name, value);
    else if (name === 'BYDAY') parts.byweekday = uniqueBy(value.split(',').map(parseByDay), String);
    else if (name !== 'FREQ') {
      const spec = NUMBER_LISTS[name];
      // rrule emits times in list order within a day, so 'BYHOUR=18,7' would come out of order and break COUNT,
      // UNTIL and early stopping; sorted lists make its output chronological.
      parts[spec.key] = uniqueBy(value.split(',').map((item) => listNumber(name, item, spec)), String).sort((a, b) => a - b);
    }
  }
  checkCombinations(parts);
  return parts;
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function positiveInteger(name: string, value: string): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw malformed(`${name} 必须是正整数`);
  return Number(value);
}

function listNumber(name: string, item: string, spec: { min: number; max: number; signed: boolean }): number {
  const n = /^[+-]?\d{1,3}$/.test(item) ? Number(item) : NaN;
  const valid = spec.signed ? Math.abs(n) >= spec.min && Math.abs(n) <= spec.max : n >= spec.min && n <= spec.max && !item.startsWith('-');
  if (!valid) {
    const range = spec.signed ? `±${spec.min}–${spec.max}` : `${spec.min}–${spec.max}`;
    throw malformed(`${name} 的取值“${item}”无效（应在 ${range} 之间）`);
  }
  return n;
}

function weekdayIndex(name: string, value: string): number {
  const index = WEEKDAYS.indexOf(value);
  if (index < 0) throw malformed(`${name} 的星期“${value}”无效（应为 MO、TU、WE、TH、FR、SA、SU）`);
  return index;
}

function parseByDay(item: string): Weekday {
  const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
  if (!m) throw malformed(`BYDAY 的取值“${item}”无效（例如 MO 或 1FR、-1SU）`);
  const weekday = weekdayIndex('BYDAY', m[2]);
  if (m[1] === undefined) return new Weekday(weekday);
  const n = Number(m[1]);
  if (n === 0 || Math.abs(n) > 53) throw malformed(`BYDAY 的序号“${item}”无效（应在 ±1–53 之间）`);
  return new Weekday(weekday, n);
}

/**
 * RFC 5545 DATE-TIME, UTC or floating. A bare DATE is invalid against a DATE-TIME DTSTART; we accept it as
 * "through the end of that local day", which is what an operator means and avoids rrule reading it as midnight
 * (which would silently drop that day's slots).
 */
function parseUntil(value: string, timeZone: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value);
  if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[1]) < 1970) {
    throw malformed(`UNTIL 的日期“${value}”无效`);
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((s) => Number(s ?? 0));
  if (m[4] === undefined) return Date.UTC(year, month - 1, day, 23, 59, 59);
  if (hour > 23 || minute > 59 || second > 59) throw malformed(`UNTIL 的时间“${value}”无效`);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  return m[7] === 'Z' ? ms + offsetMsAt(ms, timeZone) : ms;
}

/** The RFC's "MUST NOT" combinations, and minute precision (slot times carry no seconds). */
function checkCombinations(p: RuleParts): void {
  const { freq } = p;
  if (p.count !== undefined && p.until !== undefined) throw malformed('COUNT 与 UNTIL 不能同时使用');
  if (p.bysecond?.some((s) => s !== 0)) {
    throw new RecurrenceError('unsupported-rule', '播出时间只精确到分钟，BYSECOND 只能为 0');
  }
  if (p.byweekno && freq !== Frequency.YEARLY) throw malformed('BYWEEKNO 只能用于 FREQ=YEARLY');
  if (p.byyearday && (freq === Frequency.DAILY || freq === Frequency.WEEKLY || freq === Frequency.MONTHLY)) {
    throw malformed('BYYEARDAY 不能用于 FREQ=DAILY、WEEKLY 或 MONTHLY');
  }
  if (p.bymonthday && freq === Frequency.WEEKLY) throw malformed('BYMONTHDAY 不能用于 FREQ=WEEKLY');
  if (p.byweekday?.some((d) => d.n !== undefined)) {
    if (freq !== Frequency.MONTHLY && freq !== Frequency.YEARLY) throw malformed('带序号的 BYDAY（如 1FR）只能用于 FREQ=MONTHLY 或 YEARLY');
    if (p.byweekno) throw malformed('带序号的 BYDAY 不能与 BYWEEKNO 同时使用');
  }
  const otherBy = [p.byweekday, p.bymonth, p.bymonthday, p.byyearday, p.byweekno, p.byhour, p.byminute, p.bysecond];
  if (p.bysetpos && !otherBy.some((list) => list !== undefined)) throw malformed('BYSETPOS 必须与其他 BYxxx 规则项一起使用');
}
