/**
 * The straightforward compiler, kept as the specification the optimised one (playlist-compiler.ts) is checked
 * against: every device recomputes everything. Not exported from the package; used by specs and bench:playlist.
 */
import { createHash } from 'crypto';
import { canonicalize } from '../envelope/canonical-json';
import { DEFAULT_GRACE_MS } from '../evaluator/evaluate';
import { LoopItem, TimelineItem, PRIORITY_RANK } from '../model/playlist';
import { parseIsoInstant } from '../validation/iso-instant';
import type { CompileConflict, CompileInput, CompileResult, ScheduleSpec } from './compile-playlist';
import { loopSlotId } from './compile-playlist';
import { addDays, compareLocalDates, LocalDate, localDateTimeOf, localToInstant, parseSlotTime } from './local-time';
import { assertQuietHours, DEFAULT_SCREEN_OPENING_HOURS, DEFAULT_SPEAKER_QUIET_HOURS, quietHoursAt } from './quiet-hours';
import { targetsDevice } from './targets';

export function referenceCompilePlaylist(input: CompileInput): CompileResult {
  const { device, timezone, nowMs } = input;
  const fromMs = nowMs - (input.graceMs ?? DEFAULT_GRACE_MS);
  const untilMs = nowMs + input.horizonMs;
  const quietHours = device.quietHours ?? (device.kind === 'speaker' ? DEFAULT_SPEAKER_QUIET_HOURS.map((q) => ({ ...q })) : []);
  assertQuietHours(quietHours);
  const openingHours = device.openingHours ?? (device.kind === 'speaker' ? [] : DEFAULT_SCREEN_OPENING_HOURS.map((q) => ({ ...q })));
  assertQuietHours(openingHours);
  const conflicts: CompileConflict[] = [];
  const candidates: Timed[] = [];
  const loop: LoopItem[] = [];
  const localLabel = (ms: number): string => formatLocal(ms, timezone);
  const horizon = horizonDays(fromMs, untilMs, timezone);

  for (const schedule of [...input.schedules].sort((a, b) => compareStrings(a.id, b.id))) {
    if (!targetsDevice(schedule.targets, device)) continue;
    const window = windowBounds(schedule);
    const inWindow = (ms: number): boolean => ms >= window.from && ms < window.until;
    const media = Object.hasOwn(input.media, schedule.revisionId) ? input.media[schedule.revisionId] : undefined;
    const missingMedia = (slotId: string): CompileConflict => ({
      kind: 'missing-media',
      slotId,
      scheduleId: schedule.id,
      message: `《${schedule.title}》缺少适用于设备配置 ${device.profile} 的媒体文件，已跳过`,
    });

    if (schedule.priority === 'loop') {
      // A member whose window overlaps [now, horizon end] is listed; a boundary inside that span travels with it,
      // so an agent that goes offline still starts and stops it on time. Boundaries outside it are left out, so an
      // unbounded (or long-running) loop keeps the bytes and version it had before windows were sent.
      const start = Math.max(window.from, nowMs);
      if (!(window.from <= untilMs && start < window.until)) continue;
      if (!media) {
        conflicts.push(missingMedia(loopSlotId(schedule.id)));
        continue;
      }
      const item: LoopItem = { scheduleId: schedule.id, contentId: schedule.contentId, revisionId: schedule.revisionId, title: schedule.title, media };
      if (window.from > nowMs) item.from = new Date(window.from).toISOString();
      if (window.until <= untilMs) item.until = new Date(window.until).toISOString();
      loop.push(item);
      continue;
    }

    if (!Number.isSafeInteger(schedule.repeat) || schedule.repeat < 1) {
      throw new Error(`排期 ${schedule.id} 的重复次数必须是正整数`);
    }
    for (const startMs of slotStarts(schedule, horizon)) {
      if (!inWindow(startMs)) continue;
      const startAt = new Date(startMs).toISOString();
      const slotId = `${schedule.id}:${startAt}`;
      if (!media) {
        conflicts.push(missingMedia(slotId));
        continue;
      }
      const quiet = schedule.priority === 'emergency' ? null : quietHoursAt(startMs, quietHours, timezone);
      if (quiet) {
        conflicts.push({
          kind: 'quiet-hours',
          slotId,
          scheduleId: schedule.id,
          message: `《${schedule.title}》${localLabel(startMs)} 的播出落在静音时段 ${quiet.from}–${quiet.until} 内，已跳过`,
        });
        continue;
      }
      const item: TimelineItem = {
        slotId,
        scheduleId: schedule.id,
        contentId: schedule.contentId,
        revisionId: schedule.revisionId,
        title: schedule.title,
        priority: schedule.priority,
        startAt,
        repeat: schedule.repeat,
        media,
      };
      // Even a zero-length item occupies its start instant: two items cannot start at once.
      candidates.push({ item, start: startMs, end: startMs + Math.max(1, media.durationMs * schedule.repeat) });
    }
  }

  const items = resolveOverlaps(candidates, conflicts, localLabel).sort(timelineOrder).map((t) => t.item);
  conflicts.sort((a, b) => compareStrings(a.slotId, b.slotId) || compareStrings(a.kind, b.kind));
  const regionCodes = [...device.regionCodes];
  const version = createHash('sha256').update(canonicalize({ items, loop, quietHours, openingHours, regionCodes, timezone })).digest('hex');
  return {
    playlist: {
      kind: 'playlist',
      deviceId: device.id,
      regionCodes,
      version,
      timezone,
      horizon: { from: new Date(fromMs).toISOString(), until: new Date(untilMs).toISOString() },
      items,
      loop,
      quietHours,
      openingHours,
    },
    conflicts,
  };
}

/** The compile horizon with the local days it touches, computed once per compile. */
interface HorizonDays {
  fromMs: number;
  untilMs: number;
  timezone: string;
  days: LocalDate[];
}

function horizonDays(fromMs: number, untilMs: number, timezone: string): HorizonDays {
  const days: LocalDate[] = [];
  const last = localDateTimeOf(untilMs, timezone);
  for (let day: LocalDate = localDateTimeOf(fromMs, timezone); compareLocalDates(day, last) <= 0; day = addDays(day, 1)) {
    days.push({ year: day.year, month: day.month, day: day.day });
  }
  return { fromMs, untilMs, timezone, days };
}

/** Distinct slot starts of a schedule within the horizon, ascending. */
function slotStarts(schedule: ScheduleSpec, { fromMs, untilMs, timezone, days }: HorizonDays): number[] {
  const starts = new Set<number>();
  const add = (ms: number): void => {
    if (ms >= fromMs && ms <= untilMs) starts.add(ms);
  };
  if (schedule.slots.mode === 'now') {
    add(requireInstant(schedule.slots.at, schedule.id, '开始时间'));
  } else {
    for (const text of schedule.slots.times) {
      const slot = parseSlotTime(text);
      if (!slot) throw new Error(`排期 ${schedule.id} 的播出时间格式错误：${text}（应为 HH:MM 或 YYYY-MM-DDTHH:MM）`);
      if (slot.kind === 'once') {
        add(localToInstant(slot, timezone));
        continue;
      }
      for (const day of days) add(localToInstant({ ...day, hour: slot.hour, minute: slot.minute }, timezone));
    }
  }
  return [...starts].sort((a, b) => a - b);
}

/** A timeline item with its occupied span [start, end) in epoch ms. */
interface Timed {
  item: TimelineItem;
  start: number;
  end: number;
}

/**
 * Drops overlapping timed items deterministically, strongest first (priority, then earlier start, then slotId),
 * and reports each loser as an 'overlap' conflict naming the item it lost to.
 */
function resolveOverlaps(candidates: Timed[], conflicts: CompileConflict[], localLabel: (ms: number) => string): Timed[] {
  const strongestFirst = [...candidates].sort(
    (a, b) => rank(b) - rank(a) || a.start - b.start || compareStrings(a.item.slotId, b.item.slotId),
  );
  const kept: Timed[] = [];
  for (const candidate of strongestFirst) {
    const winner = kept.find((k) => candidate.start < k.end && k.start < candidate.end);
    if (!winner) {
      kept.push(candidate);
      continue;
    }
    const { item } = candidate;
    conflicts.push({
      kind: 'overlap',
      slotId: item.slotId,
      scheduleId: item.scheduleId,
      otherSlotId: winner.item.slotId,
      message: `《${item.title}》${localLabel(candidate.start)} 的播出与《${winner.item.title}》${localLabel(winner.start)} 的播出时间重叠，已让位跳过`,
    });
  }
  return kept;
}

function timelineOrder(a: Timed, b: Timed): number {
  return a.start - b.start || rank(b) - rank(a) || compareStrings(a.item.slotId, b.item.slotId);
}

const rank = (t: Timed): number => PRIORITY_RANK[t.item.priority];

/** The schedule window [from, until) in epoch ms; an open end is ±Infinity. */
function windowBounds(schedule: ScheduleSpec): { from: number; until: number } {
  const from = schedule.window.from === undefined ? -Infinity : requireInstant(schedule.window.from, schedule.id, '生效时间');
  const until = schedule.window.until === undefined ? Infinity : requireInstant(schedule.window.until, schedule.id, '截止时间');
  return { from, until };
}

function requireInstant(s: string, scheduleId: string, label: string): number {
  const ms = parseIsoInstant(s);
  if (ms === null) throw new Error(`排期 ${scheduleId} 的${label}不是有效的 ISO-8601 时间：${s}`);
  return ms;
}

/** Code-unit order, independent of the host locale (localeCompare is not). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function formatLocal(ms: number, timezone: string): string {
  const t = localDateTimeOf(ms, timezone);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
}
