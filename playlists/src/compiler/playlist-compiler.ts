/**
 * Compiles many devices against one schedule set (DESIGN.md §5). Each device's result is exactly what
 * `referenceCompilePlaylist` gives, but what does not depend on the device is worked out once per run:
 * - a schedule's window, slot instants, local labels and minute of day, on the first device it reaches (so an
 *   invalid schedule still fails only the compiles it takes part in, with the same error);
 * - each timeline and loop item per (schedule, media), shared (frozen) between devices, with its canonical JSON
 *   encoded once, when a version first needs it;
 * - which schedules reach a device, by index lookup instead of scanning every schedule's target lists;
 * - the timeline and conflicts of each distinct (targeting, media, quiet hours) combination, and the version
 *   hash of its items and loop, continued for each distinct header.
 * Inputs must not be mutated while a compiler is in use.
 */
import { createHash, Hash } from 'crypto';
import { canonicalize } from '../envelope/canonical-json';
import { DEFAULT_GRACE_MS } from '../evaluator/evaluate';
import { LoopItem, MediaRef, PRIORITY_RANK, TimelineItem } from '../model/playlist';
import { parseIsoInstant } from '../validation/iso-instant';
import type { CompileConflict, CompileDevice, CompileResult, ScheduleSpec } from './compile-playlist';
import { addDays, compareLocalDates, LocalDate, localDateTimeOf, localMsOfDay, localToInstant, parseSlotTime } from './local-time';
import { assertQuietHours, DEFAULT_SCREEN_OPENING_HOURS, DEFAULT_SPEAKER_QUIET_HOURS, parseQuietRanges, QuietRange, quietRangeAt } from './quiet-hours';
import { TargetIndex } from './targets';

export interface PlaylistCompilerOptions {
  schedules: ScheduleSpec[];
  nowMs: number;
  horizonMs: number;
  /** IANA zone the slot times are written in, e.g. 'Asia/Shanghai'. */
  timezone: string;
  /** A slot whose start is at most this far in the past is still included (default 10 min). */
  graceMs?: number;
}

export interface PlaylistCompiler {
  /** `media`: per revision for this device's profile. Pass the same object for devices of the same profile. */
  compile(device: CompileDevice, media: Record<string, MediaRef>): CompileResult;
}

export function createPlaylistCompiler(options: PlaylistCompilerOptions): PlaylistCompiler {
  return new FleetCompiler(options);
}

/** A slot of a timed schedule, inside both the horizon and the schedule's window. */
interface Slot {
  startMs: number;
  startAt: string;
  slotId: string;
  /** Local ms since midnight, for quiet hours. */
  msOfDay: number;
  /** Local "YYYY-MM-DD HH:MM", for operator messages. */
  label: string;
}

interface TimedEntry {
  slot: Slot;
  item: TimelineItem;
  rank: number;
  start: number;
  end: number;
  bytes: Buffer | null;
}

interface LoopEntry {
  item: LoopItem;
  bytes: Buffer | null;
}

/** A device's timeline before the device-specific header is added. */
interface Timeline {
  /** Kept timed entries in timeline order. */
  items: TimedEntry[];
  loop: LoopEntry[];
  conflicts: CompileConflict[];
  /** sha256 state after `{"items":[…],"loop":[…` (everything but the header). */
  prefix: Hash | null;
  /** Header JSON → version. */
  versions: Map<string, string>;
}

type Prepared =
  | { state: 'failed'; error: unknown }
  /** A loop schedule whose window does not overlap [now, horizon end]. */
  | { state: 'idle' }
  /** `from`/`until`: the window boundaries inside [now, horizon end] that its loop items carry. */
  | { state: 'loop'; from?: string; until?: string; entries: Map<MediaRef, LoopEntry> }
  | { state: 'timed'; slots: Slot[]; entries: Map<MediaRef, TimedEntry[]> };

interface HorizonDays {
  fromMs: number;
  untilMs: number;
  timezone: string;
  days: LocalDate[];
}

const ITEMS_OPEN = Buffer.from('{"items":[');
const LOOP_OPEN = Buffer.from('],"loop":[');
const COMMA = Buffer.from(',');
/** Bounds the memos of a long-lived compiler. */
const MEMO_LIMIT = 100_000;

class FleetCompiler implements PlaylistCompiler {
  private readonly schedules: ScheduleSpec[];
  private readonly prepared: Array<Prepared | undefined>;
  private readonly targets: TargetIndex;
  private readonly fromMs: number;
  private readonly untilMs: number;
  private readonly timezone: string;
  private readonly nowMs: number;
  private readonly horizonFrom: string;
  private readonly horizonUntil: string;
  private days: HorizonDays | null = null;
  private mediaCount = 0;
  private readonly timelines = new Map<string, Timeline>();
  private readonly mediaIds = new WeakMap<object, number>();

  constructor(options: PlaylistCompilerOptions) {
    this.schedules = [...options.schedules].sort((a, b) => compareStrings(a.id, b.id));
    this.prepared = new Array<Prepared | undefined>(this.schedules.length);
    this.targets = new TargetIndex(this.schedules.map((s) => s.targets));
    this.nowMs = options.nowMs;
    this.fromMs = options.nowMs - (options.graceMs ?? DEFAULT_GRACE_MS);
    this.untilMs = options.nowMs + options.horizonMs;
    this.timezone = options.timezone;
    this.horizonFrom = new Date(this.fromMs).toISOString();
    this.horizonUntil = new Date(this.untilMs).toISOString();
  }

  compile(device: CompileDevice, media: Record<string, MediaRef>): CompileResult {
    const { timezone } = this;
    const quietHours = device.quietHours ?? (device.kind === 'speaker' ? DEFAULT_SPEAKER_QUIET_HOURS.map((q) => ({ ...q })) : []);
    assertQuietHours(quietHours);
    const openingHours = device.openingHours ?? (device.kind === 'speaker' ? [] : DEFAULT_SCREEN_OPENING_HOURS.map((q) => ({ ...q })));
    assertQuietHours(openingHours);
    this.horizonDays(); // an invalid zone fails here, as in the reference, even with no schedule
    const indices = this.targets.matching(device);
    // Everything the timeline and conflicts depend on: devices alike in these share one computation.
    const key = `${indices.join(',')}|${this.mediaId(media)}|${device.profile}|${quietHours.map((q) => `${q.from}-${q.until}`).join(',')}`;
    let timeline = this.timelines.get(key);
    if (!timeline) {
      timeline = this.timeline(indices, device.profile, media, parseQuietRanges(quietHours));
      if (this.timelines.size >= MEMO_LIMIT) this.timelines.clear();
      this.timelines.set(key, timeline);
    }
    const items = timeline.items.map((e) => e.item);
    const loop = timeline.loop.map((e) => e.item);
    const conflicts = [...timeline.conflicts];
    const regionCodes = [...device.regionCodes];
    const version = this.version(timeline, { openingHours, quietHours, regionCodes, timezone });
    return {
      playlist: {
        kind: 'playlist',
        deviceId: device.id,
        regionCodes,
        version,
        timezone,
        horizon: { from: this.horizonFrom, until: this.horizonUntil },
        items,
        loop,
        quietHours,
        openingHours,
      },
      conflicts,
    };
  }

  /** The timed and loop entries and the (frozen, sorted) conflicts for one targeting/media/quiet-hours combination. */
  private timeline(indices: number[], profile: string, media: Record<string, MediaRef>, quietRanges: QuietRange[]): Timeline {
    const conflicts: CompileConflict[] = [];
    const candidates: TimedEntry[] = [];
    const loop: LoopEntry[] = [];
    for (const index of indices) {
      const schedule = this.schedules[index];
      const prepared = this.prepare(index);
      if (prepared.state === 'failed') throw prepared.error;
      if (prepared.state === 'idle') continue;
      const ref = Object.hasOwn(media, schedule.revisionId) ? media[schedule.revisionId] : undefined;
      const missingMedia = (slotId: string): CompileConflict => ({
        kind: 'missing-media',
        slotId,
        scheduleId: schedule.id,
        message: `《${schedule.title}》缺少适用于设备配置 ${profile} 的媒体文件，已跳过`,
      });
      if (prepared.state === 'loop') {
        if (!ref) conflicts.push(missingMedia(`${schedule.id}:loop`));
        else loop.push(this.loopEntry(schedule, prepared, ref));
        continue;
      }
      if (!ref) {
        for (const slot of prepared.slots) conflicts.push(missingMedia(slot.slotId));
        continue;
      }
      const emergency = schedule.priority === 'emergency';
      for (const entry of this.timedEntries(schedule, prepared.slots, prepared.entries, ref)) {
        const quiet = emergency ? null : quietRangeAt(entry.slot.msOfDay, quietRanges);
        if (quiet) {
          conflicts.push({
            kind: 'quiet-hours',
            slotId: entry.slot.slotId,
            scheduleId: schedule.id,
            message: `《${schedule.title}》${entry.slot.label} 的播出落在静音时段 ${quiet.from}–${quiet.until} 内，已跳过`,
          });
          continue;
        }
        candidates.push(entry);
      }
    }
    const items = resolveOverlaps(candidates, conflicts);
    conflicts.sort((a, b) => compareStrings(a.slotId, b.slotId) || compareStrings(a.kind, b.kind));
    return { items, loop, conflicts: conflicts.map((c) => Object.freeze(c)), prefix: null, versions: new Map() };
  }

  private mediaId(media: Record<string, MediaRef>): number {
    let id = this.mediaIds.get(media);
    if (id === undefined) {
      id = this.mediaCount++;
      this.mediaIds.set(media, id);
    }
    return id;
  }

  /**
   * sha256 of canonicalize({ items, loop, openingHours, quietHours, regionCodes, timezone }), assembled from
   * pieces: canonical JSON sorts keys and "items" < "loop" < the header keys, so the bytes are the same.
   */
  private version(timeline: Timeline, header: Record<string, unknown>): string {
    if (!timeline.prefix) {
      // Devices alike but for their header (e.g. region) share a timeline: its bytes are hashed once, and each
      // header continues from a copy of that hash state.
      const hash = createHash('sha256').update(ITEMS_OPEN);
      timeline.items.forEach((e, i) => {
        if (i > 0) hash.update(COMMA);
        hash.update((e.bytes ??= Buffer.from(canonicalize(e.item))));
      });
      hash.update(LOOP_OPEN);
      timeline.loop.forEach((e, i) => {
        if (i > 0) hash.update(COMMA);
        hash.update((e.bytes ??= Buffer.from(canonicalize(e.item))));
      });
      timeline.prefix = hash;
    }
    const tail = `],${canonicalize(header).slice(1)}`;
    let version = timeline.versions.get(tail);
    if (version === undefined) {
      version = timeline.prefix.copy().update(tail, 'utf8').digest('hex');
      timeline.versions.set(tail, version);
    }
    return version;
  }

  private horizonDays(): HorizonDays {
    if (!this.days) {
      const days: LocalDate[] = [];
      const last = localDateTimeOf(this.untilMs, this.timezone);
      for (let day: LocalDate = localDateTimeOf(this.fromMs, this.timezone); compareLocalDates(day, last) <= 0; day = addDays(day, 1)) {
        days.push({ year: day.year, month: day.month, day: day.day });
      }
      this.days = { fromMs: this.fromMs, untilMs: this.untilMs, timezone: this.timezone, days };
    }
    return this.days;
  }

  /** Device-independent work for one schedule, in the order the reference does it (so the same error wins). */
  private prepare(index: number): Prepared {
    let prepared = this.prepared[index];
    if (prepared) return prepared;
    const schedule = this.schedules[index];
    try {
      const window = windowBounds(schedule);
      const inWindow = (ms: number): boolean => ms >= window.from && ms < window.until;
      if (schedule.priority === 'loop') {
        // As the reference: listed when the window overlaps [now, horizon end], carrying the boundaries inside it.
        if (window.from <= this.untilMs && Math.max(window.from, this.nowMs) < window.until) {
          const loop: Prepared = { state: 'loop', entries: new Map() };
          if (window.from > this.nowMs) loop.from = new Date(window.from).toISOString();
          if (window.until <= this.untilMs) loop.until = new Date(window.until).toISOString();
          prepared = loop;
        } else {
          prepared = { state: 'idle' };
        }
      } else {
        if (!Number.isSafeInteger(schedule.repeat) || schedule.repeat < 1) {
          throw new Error(`排期 ${schedule.id} 的重复次数必须是正整数`);
        }
        const slots = slotStarts(schedule, this.horizonDays())
          .filter(inWindow)
          .map((startMs): Slot => {
            const startAt = new Date(startMs).toISOString();
            return { startMs, startAt, slotId: `${schedule.id}:${startAt}`, msOfDay: localMsOfDay(startMs, this.timezone), label: formatLocal(startMs, this.timezone) };
          });
        prepared = { state: 'timed', slots, entries: new Map() };
      }
    } catch (error) {
      prepared = { state: 'failed', error };
    }
    this.prepared[index] = prepared;
    return prepared;
  }

  private timedEntries(schedule: ScheduleSpec, slots: Slot[], cache: Map<MediaRef, TimedEntry[]>, media: MediaRef): TimedEntry[] {
    let entries = cache.get(media);
    if (!entries) {
      const rank = PRIORITY_RANK[schedule.priority];
      entries = slots.map((slot) => {
        const item: TimelineItem = Object.freeze({
          slotId: slot.slotId,
          scheduleId: schedule.id,
          contentId: schedule.contentId,
          revisionId: schedule.revisionId,
          title: schedule.title,
          priority: schedule.priority,
          startAt: slot.startAt,
          repeat: schedule.repeat,
          media,
        });
        // Even a zero-length item occupies its start instant: two items cannot start at once.
        const end = slot.startMs + Math.max(1, media.durationMs * schedule.repeat);
        return { slot, item, rank, start: slot.startMs, end, bytes: null };
      });
      cache.set(media, entries);
    }
    return entries;
  }

  private loopEntry(schedule: ScheduleSpec, prepared: Extract<Prepared, { state: 'loop' }>, media: MediaRef): LoopEntry {
    let entry = prepared.entries.get(media);
    if (!entry) {
      // Same key order as the reference, so the JSON bytes match too.
      const item: LoopItem = { scheduleId: schedule.id, contentId: schedule.contentId, revisionId: schedule.revisionId, title: schedule.title, media };
      if (prepared.from !== undefined) item.from = prepared.from;
      if (prepared.until !== undefined) item.until = prepared.until;
      entry = { item: Object.freeze(item), bytes: null };
      prepared.entries.set(media, entry);
    }
    return entry;
  }
}

/**
 * Drops overlapping timed items deterministically, strongest first (priority, then earlier start, then slotId),
 * and reports each loser as an 'overlap' conflict naming the first kept item it overlaps. Returns the kept items
 * in timeline order (start, then priority, then slotId).
 *
 * Same outcome as one greedy pass over all candidates, but only where it matters: a candidate can only lose to
 * an item it overlaps, so the pass runs per cluster of chained overlapping spans, in the same relative order.
 */
function resolveOverlaps(candidates: TimedEntry[], conflicts: CompileConflict[]): TimedEntry[] {
  if (!candidates.every((c) => c.end > c.start)) return resolveOverlapsByScan(candidates.sort(strongestFirst), conflicts);
  // Stable: equal starts keep compile order, as in the reference's stable sorts.
  const byStart = candidates.sort((a, b) => a.start - b.start);
  const kept: TimedEntry[] = [];
  const losers: Array<{ loser: TimedEntry; winner: TimedEntry }> = [];
  for (let i = 0; i < byStart.length; ) {
    let reach = byStart[i].end;
    let j = i + 1;
    for (; j < byStart.length && byStart[j].start < reach; j++) reach = Math.max(reach, byStart[j].end);
    if (j === i + 1) {
      kept.push(byStart[i]);
    } else {
      const winners: TimedEntry[] = [];
      for (const candidate of byStart.slice(i, j).sort(strongestFirst)) {
        const winner = winners.find((k) => candidate.start < k.end && k.start < candidate.end);
        if (winner) losers.push({ loser: candidate, winner });
        else winners.push(candidate);
      }
      // Kept spans are disjoint, so their starts are distinct: start order is the whole timeline order.
      kept.push(...winners.sort((a, b) => a.start - b.start));
    }
    i = j;
  }
  // The reference reports losers in strongest-first order over all candidates.
  losers.sort((a, b) => strongestFirst(a.loser, b.loser));
  for (const { loser, winner } of losers) conflicts.push(overlapConflict(loser, winner));
  return kept;
}

function strongestFirst(a: TimedEntry, b: TimedEntry): number {
  return b.rank - a.rank || a.start - b.start || compareStrings(a.slot.slotId, b.slot.slotId);
}

/** The reference algorithm, for spans that are not well-formed (a NaN duration) where the fast one cannot apply. */
function resolveOverlapsByScan(strongestFirst: TimedEntry[], conflicts: CompileConflict[]): TimedEntry[] {
  const kept: TimedEntry[] = [];
  for (const candidate of strongestFirst) {
    const winner = kept.find((k) => candidate.start < k.end && k.start < candidate.end);
    if (!winner) kept.push(candidate);
    else conflicts.push(overlapConflict(candidate, winner));
  }
  return kept.sort((a, b) => a.start - b.start || b.rank - a.rank || compareStrings(a.slot.slotId, b.slot.slotId));
}

function overlapConflict(loser: TimedEntry, winner: TimedEntry): CompileConflict {
  return {
    kind: 'overlap',
    slotId: loser.slot.slotId,
    scheduleId: loser.item.scheduleId,
    otherSlotId: winner.slot.slotId,
    message: `《${loser.item.title}》${loser.slot.label} 的播出与《${winner.item.title}》${winner.slot.label} 的播出时间重叠，已让位跳过`,
  };
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
