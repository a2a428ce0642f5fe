/**
 * RRULE expansion for schedules (DESIGN.md §5). The playlists library stays dependency-free, so the server
 * expands each schedule's RRULE into one-off local times ("YYYY-MM-DDTHH:MM") that the pure compiler accepts as
 * `{ mode: 'times' }` slots.
 *
 * Floating time: rrule computes with the UTC fields of Dates, and its `tzid` option re-zones through the host's
 * own timezone, so results would depend on where the server runs. We never set `tzid`; instead we feed local
 * wall-clock values as if they were UTC ("floating": 2027-01-04T07:00 local → Date.UTC(2027, 0, 4, 7, 0)) and
 * read results back with getUTC* as local wall-clock. The rule then follows the local calendar, which is what
 * RFC 5545 means by a DTSTART with a TZID, and the compiler maps each local time to its instant (DST included).
 *
 * Bounded search: rrule always iterates from DTSTART and stops only at a candidate past the end of the query, or
 * at year 9999. A rule that never matches (30 February) therefore spins through ~8000 years, about 11 s for a
 * DAILY rule, blocking the event loop. The Gregorian calendar repeats exactly every 400 years (146097 days =
 * 20871 weeks), so we run rrule on the series shifted by whole 400-year cycles to put the query near 9999:
 * the occurrences are identical once shifted back, and rrule's cut-off ends the search within ~400 years.
 */
import { localDateTimeOf, LocalDateTime, parseSlotTime } from '@sunshine/playlists';
import { Frequency, RRule } from 'rrule';
import { parseRuleText, RecurrenceError, RecurrenceErrorCode, RuleParts } from './rule-text';

export interface RecurrenceSpec {
  /** RFC 5545 RRULE body, e.g. 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0', optionally prefixed 'RRULE:'. */
  rrule: string;
  /** Local wall-clock 'YYYY-MM-DDTHH:MM': the series start (an occurrence only if it matches the rule). */
  dtstart: string;
  /** Local 'YYYY-MM-DDTHH:MM' occurrences to skip (EXDATE); skipped ones still count towards COUNT. */
  exdates?: string[];
}

export interface RecurrenceOptions {
  /** Most occurrences allowed in any 7 days (validation) or in one expansion window. */
  maxOccurrences?: number;
  /** Zone of the local times, used to read a UTC UNTIL ('…Z'). */
  timeZone?: string;
}

export type RecurrenceCheck = { ok: true } | { ok: false; code: RecurrenceErrorCode; message: string };

export const SCHEDULE_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_MAX_OCCURRENCES = 5000;

const MINUTE_MS = 60_000;
const RRULE_LAST_YEAR = 9999;
/** The shifted search looks at least this far ahead; a leap-day rule can wait 8 years (2096 → 2104). */
const MIN_LOOKAHEAD_YEARS = 8;

/** Checks a spec before it is saved: syntax, RFC restrictions, airing load, and that it ever occurs. */
export function validateRecurrence(spec: RecurrenceSpec, opts: RecurrenceOptions = {}): RecurrenceCheck {
  try {
    const series = compileSeries(spec, opts);
    checkAiringLoad(series.parts, opts.maxOccurrences ?? DEFAULT_MAX_OCCURRENCES);
    const { rule, years } = shiftedRule(series, series.dtstart);
    if (rule.after(new Date(addYears(series.dtstart, years)), true) === null) {
      throw new RecurrenceError('never-occurs', '按此规则从开始时间起不会有任何播出，请检查日期组合（如 2 月 30 日）或 UNTIL 是否早于开始时间');
    }
    return { ok: true };
  } catch (e) {
    if (e instanceof RecurrenceError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

/**
 * The series' local start times in [fromLocal, untilLocal), ascending, without EXDATEs. Meant for validated
 * specs; throws RecurrenceError for one that does not parse or when the window holds more than `maxOccurrences`.
 */
export function expandRecurrence(
  spec: RecurrenceSpec,
  window: { fromLocal: string; untilLocal: string },
  opts: RecurrenceOptions = {},
): string[] {
  const series = compileSeries(spec, opts);
  const max = opts.maxOccurrences ?? DEFAULT_MAX_OCCURRENCES;
  const from = parseLocal(window.fromLocal, '时间窗起点');
  const until = parseLocal(window.untilLocal, '时间窗终点');
  if (until <= from) return [];
  const { rule, years } = shiftedRule(series, until);
  const found: string[] = [];
  rule.between(new Date(addYears(from, years)), new Date(addYears(until, years)), true, (date) => {
    const ms = addYears(date.getTime(), -years);
    if (ms >= until) return false;
    if (series.exdates.has(ms)) return true;
    if (found.length === max) {
      throw new RecurrenceError('too-frequent', `该规则在 ${window.fromLocal} 至 ${window.untilLocal} 之间的播出超过上限 ${max} 次`);
    }
    found.push(formatLocal(ms));
    return true;
  });
  return found;
}

/**
 * The local window whose minute-precision times are exactly the slot starts the compiler keeps for this
 * compile, [now − grace, now + horizon] (both ends inclusive there): the first minute at or after the start, up
 * to but excluding the minute after the end.
 */
export function localWindowFor(nowMs: number, horizonMs: number, graceMs: number, timeZone: string): { fromLocal: string; untilLocal: string } {
  const from = floating(localDateTimeOf(nowMs - graceMs + MINUTE_MS - 1, timeZone));
  const until = floating(localDateTimeOf(nowMs + horizonMs, timeZone)) + MINUTE_MS;
  return { fromLocal: formatLocal(from), untilLocal: formatLocal(until) };
}

interface Series {
  parts: RuleParts;
  /** Floating ms. */
  dtstart: number;
  exdates: Set<number>;
}

function compileSeries(spec: RecurrenceSpec, opts: RecurrenceOptions): Series {
  const dtstart = parseLocal(spec.dtstart, '开始时间');
  const exdates = new Set((spec.exdates ?? []).map((s) => parseLocal(s, '排除时间')));
  return { parts: parseRuleText(spec.rrule, opts.timeZone ?? SCHEDULE_TIME_ZONE), dtstart, exdates };
}

/** A loudspeaker must not be flooded: sub-daily rules need an end, and no 7 days may hold more than `max`. */
function checkAiringLoad(parts: RuleParts, max: number): void {
  const subDaily = parts.freq === Frequency.HOURLY || parts.freq === Frequency.MINUTELY;
  if (subDaily && parts.count === undefined && parts.until === undefined) {
    throw new RecurrenceError('unbounded-rule', '按小时或分钟重复的规则必须用 COUNT 或 UNTIL 限定结束，以免广播无休止地播出');
  }
  const perWeek = weeklyUpperBound(parts);
  if (perWeek > max) {
    throw new RecurrenceError('too-frequent', `该规则在 7 天内最多可能播出 ${perWeek} 次，超过上限 ${max} 次`);
  }
}

/**
 * The most occurrences any 7 consecutive days can hold, from the rule's shape alone (weekdays × hours × minutes,
 * capped by the INTERVAL lattice and COUNT), so a flooding rule is refused without walking the series; day
 * filters and BYSETPOS only lower the real count, so they are left out. Absent
 * BYHOUR/BYMINUTE default to DTSTART's single value, except where the frequency itself steps through them.
 */
function weeklyUpperBound(p: RuleParts): number {
  const size = (list: number[] | undefined, absent: number): number => list?.length ?? absent;
  const days = p.byweekday ? new Set(p.byweekday.map((d) => d.weekday)).size : 7;
  let bound: number;
  switch (p.freq) {
    case Frequency.MINUTELY:
      bound = Math.min(days * size(p.byhour, 24) * size(p.byminute, 60), Math.ceil((7 * 24 * 60) / p.interval));
      break;
    case Frequency.HOURLY:
      bound = Math.min(days * size(p.byhour, 24), Math.ceil((7 * 24) / p.interval)) * size(p.byminute, 1);
      break;
    case Frequency.DAILY:
      bound = Math.min(days, Math.ceil(7 / p.interval)) * size(p.byhour, 1) * size(p.byminute, 1);
      break;
    default:
      bound = days * size(p.byhour, 1) * size(p.byminute, 1);
  }
  return Math.min(bound, p.count ?? Infinity);
}

/** rrule over the series shifted by whole 400-year cycles so `anchor` (floating ms) lies 8–408 years before 9999. */
function shiftedRule(series: Series, anchor: number): { rule: RRule; years: number } {
  const years = cycleShiftYears(new Date(anchor).getUTCFullYear());
  const { until, ...parts } = series.parts;
  const rule = new RRule(
    {
      ...parts,
      dtstart: new Date(addYears(series.dtstart, years)),
      until: until === undefined ? null : new Date(addYears(until, years)),
    },
    true,
  );
  return { rule, years };
}

/** Whole 400-year cycles (the Gregorian calendar repeats) that bring `year` to 8–408 years before rrule's 9999. */
export function cycleShiftYears(year: number): number {
  return 400 * Math.floor((RRULE_LAST_YEAR - MIN_LOOKAHEAD_YEARS - year) / 400);
}

/** Whole-year shift; keeps 29 February because `years` is a multiple of 400. */
function addYears(ms: number, years: number): number {
  const d = new Date(ms);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime();
}

function parseLocal(s: string, label: string): number {
  const t = parseSlotTime(s);
  // Date.UTC maps years 0–99 to 1900–1999, and a broadcast schedule before 1970 makes no sense.
  if (!t || t.kind !== 'once' || t.year < 1970) {
    throw new RecurrenceError('invalid-local-time', `${label}“${s}”无效（应为 YYYY-MM-DDTHH:MM 格式的本地时间）`);
  }
  return floating(t);
}

function floating(t: LocalDateTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
}

function formatLocal(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}
