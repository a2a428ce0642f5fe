import { randomUUID } from 'node:crypto';
import {
  DEFAULT_GRACE_MS,
  evaluate,
  isLoopItemEligibleAt,
  isLoopOpenAt,
  nextLoopOpening,
  nextLoopWindowBoundary,
  shouldPreempt,
  type LoopItem,
  type DeviceStatePayload,
  type Evaluation,
  type PlaylistPayload,
  type PlayLogEntry,
  type PlayPriority,
  type TimelineItem,
} from '@sunshine/playlists/device';
import type { AgentStore } from './agent-store';
import type { MediaPlayer, PlayableItem, PlayHandle, PlayResult } from './backends';
import type { Clock, TimerHandle } from './clock';
import type { Journal } from './journal';
import type { Logger } from './log';
import type { MediaSync } from './media-sync';

export type NowPlaying = NonNullable<DeviceStatePayload['nowPlaying']>;

export interface SchedulerDeps {
  deviceId: string;
  clock: Clock;
  player: MediaPlayer;
  media: Pick<MediaSync, 'readyPath'>;
  journal: Pick<Journal, 'append'>;
  handled: Pick<AgentStore, 'handledSlotIds' | 'markHandled'>;
  log: Logger;
  graceMs?: number;
  /** How long before the current item's end the next one is prepared (MediaPlayer.prepare). */
  prepareAheadMs?: number;
  onPlayed?: (entry: PlayLogEntry) => void;
  onNowPlaying?: (nowPlaying: NowPlaying | null) => void;
}

/** A loop play shorter than this (failing player, zero-length media) pauses the loop so it cannot spin. */
const LOOP_MIN_PLAY_MS = 1_000;
const LOOP_PAUSE_MS = 30_000;
export const DEFAULT_PREPARE_AHEAD_MS = 2_000;
/** Play-log reason of an item stopped by an emergency broadcast. */
export const PREEMPTED_BY_ALERT = 'preempted-by-alert';

interface Current {
  item: PlayableItem;
  priority: PlayPriority;
  slotId: string | null;
  since: number;
  /** When it should end if left alone (media duration × repeat). */
  expectedEndMs: number;
  handle: PlayHandle | null;
  stopReason: string | null;
  finished: Promise<void>;
}

/**
 * Decides what plays when, on the agent's own clock: one timer armed for the next start, the pure evaluator
 * deciding what is due, timed slots pre-empting loop filler, every airing journalled.
 * Only verified media is played. A due slot whose media is still downloading waits for it until the end of its
 * grace window (a "play now" schedule arrives together with new media), then is journalled as failed.
 */
export class Scheduler {
  private playlist: PlaylistPayload | null = null;
  private current: Current | null = null;
  private timer: TimerHandle | null = null;
  private prepareTimer: TimerHandle | null = null;
  /** The last file handed to prepare() and the instant it was meant for, so re-ticks do not prepare it again. */
  private prepared: { file: string; atMs: number } | null = null;
  private loopCursor = 0;
  private loopPausedUntil = 0;
  private stopped = false;
  /** Held by an emergency broadcast: nothing starts until resumeAfterAlert(). */
  private pausedForAlert = false;
  /** When the current hold began (agent clock). */
  private heldSinceMs = 0;
  /** Due slots whose media is not verified yet, by slotId. */
  private readonly awaitingMedia = new Map<string, TimelineItem>();
  private readonly graceMs: number;
  private readonly prepareAheadMs: number;

  constructor(private readonly deps: SchedulerDeps) {
    this.graceMs = deps.graceMs ?? DEFAULT_GRACE_MS;
    this.prepareAheadMs = deps.prepareAheadMs ?? DEFAULT_PREPARE_AHEAD_MS;
  }

  update(playlist: PlaylistPayload): void {
    // Same version = same timeline and loop (only issuedAt/seq/expiry differ): leave playback alone.
    if (this.playlist?.version === playlist.version) return;
    this.playlist = playlist;
    if (this.current && !stillListed(this.current, playlist)) this.interrupt('withdrawn');
    this.tick();
  }

  /** Re-evaluates now, e.g. after media became ready. */
  poke(): void {
    this.tick();
  }

  nowPlaying(): NowPlaying | null {
    return this.current && nowPlayingOf(this.current);
  }

  /** Stops the current item (operator's stop command); the schedule carries on afterwards. */
  stopCurrent(reason: string): boolean {
    if (!this.current) return false;
    this.interrupt(reason);
    return true;
  }

  /**
   * Emergency pre-emption: stops the current item (journalled as interrupted, reason preempted-by-alert) and holds
   * the schedule; resolves once the interrupted play is journalled. Slots falling due meanwhile wait for resume.
   */
  async pauseForAlert(): Promise<void> {
    if (!this.pausedForAlert) this.heldSinceMs = this.deps.clock.now();
    this.pausedForAlert = true;
    this.clearTimer();
    const current = this.current;
    if (!current) return;
    this.interrupt(PREEMPTED_BY_ALERT);
    await current.finished;
  }

  /**
   * The alert is over: whatever is due now (still within its grace window) or next plays again. A slot whose whole
   * remaining window passed during the hold is journalled failed (preempted-by-alert): the agent was running and
   * knows why it did not air, and a slot must be accounted for, not vanish.
   */
  resumeAfterAlert(): void {
    if (!this.pausedForAlert) return;
    this.pausedForAlert = false;
    this.failHeldPastGrace(this.deps.clock.now());
    this.tick();
  }

  private failHeldPastGrace(now: number): void {
    const handled = this.deps.handled.handledSlotIds();
    for (const item of this.playlist?.items ?? []) {
      const deadline = this.deadlineOf(item);
      if (handled.has(item.slotId) || this.awaitingMedia.has(item.slotId) || deadline <= this.heldSinceMs || deadline > now) continue;
      void this.deps.handled.markHandled(item.slotId, Date.parse(item.startAt));
      const at = new Date(now).toISOString();
      this.deps.log.warn('应急广播占用期间错过播出时间，未播放', { slotId: item.slotId, contentId: item.contentId });
      this.record({ item, slotId: item.slotId, startedAt: at, endedAt: at, playedMs: 0, outcome: 'failed', reason: PREEMPTED_BY_ALERT });
    }
  }

  /** Stops for good; resolves once the interrupted play is journalled. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    const current = this.current;
    if (current) {
      this.interrupt('shutdown');
      await current.finished;
    }
  }

  private tick(): void {
    if (this.stopped || this.pausedForAlert || !this.playlist) return;
    this.clearTimer();
    const now = this.deps.clock.now();
    this.settleAwaiting(now);
    let evaluation = this.evaluateAt(now);
    // A due slot whose media is missing goes to awaitingMedia (excluded from evaluation): look again.
    while (evaluation.due && !this.current) {
      this.startTimed(evaluation.due);
      evaluation = this.evaluateAt(now);
    }
    const { due, nextAt } = evaluation;
    if (due && this.current && shouldPreempt(this.current.priority, due.priority)) this.interrupt('preempted');
    if (!due && !this.current) this.startLoop(now);

    const wakeTimes = [nextAt ?? Infinity, ...[...this.awaitingMedia.values()].map((i) => this.deadlineOf(i))];
    const loopWake = this.current ? null : this.loopWakeAt(now);
    if (loopWake !== null) wakeTimes.push(loopWake);
    const wakeAt = Math.min(...wakeTimes);
    if (Number.isFinite(wakeAt)) {
      this.timer = this.deps.clock.setTimer(() => {
        this.timer = null;
        this.tick();
      }, wakeAt - now);
    }
    this.armPrepare(now, nextAt, loopWake);
  }

  /**
   * When an idle loop should try again: after a misbehaviour pause, at the next opening when closed now, or at the
   * next member window boundary (a member joins or leaves), so an offline agent follows windows with no new playlist.
   */
  private loopWakeAt(now: number): number | null {
    if (!this.playlist || this.playlist.loop.length === 0) return null;
    if (this.loopPausedUntil > now) return this.loopPausedUntil;
    const opening = isLoopOpenAt(this.playlist, now) ? now : nextLoopOpening(this.playlist, now);
    if (opening === null) return null; // never opens: member windows cannot matter
    const boundary = nextLoopWindowBoundary(this.playlist.loop, now);
    if (opening > now) return Math.min(opening, boundary ?? Infinity);
    return boundary;
  }

  /**
   * Gapless hand-over: works out what starts next (after the current item, at the next timed start, or when the
   * loop opens) and names it to the backend prepareAheadMs before, so play() of it starts in the same tick the
   * previous item ends.
   */
  private armPrepare(now: number, nextAt: number | null, loopWake: number | null): void {
    if (this.prepareTimer) this.deps.clock.clearTimer(this.prepareTimer);
    this.prepareTimer = null;
    if (!this.deps.player.prepare) return;
    let startAt: number | null;
    if (this.current) {
      startAt = this.current.expectedEndMs;
      const next = nextAt !== null ? this.evaluateAt(nextAt).due : null;
      if (nextAt !== null && nextAt < startAt && next && shouldPreempt(this.current.priority, next.priority)) startAt = nextAt;
    } else {
      startAt = Math.min(nextAt ?? Infinity, loopWake ?? Infinity);
    }
    if (startAt === null || !Number.isFinite(startAt)) return;
    const at = startAt;
    const prepare = (): void => {
      this.prepareTimer = null;
      const upcoming = this.upcomingAt(at);
      if (!upcoming || (this.prepared?.file === upcoming.file && this.prepared.atMs === at)) return;
      this.prepared = { file: upcoming.file, atMs: at };
      this.deps.log.debug('预备下一条', { contentId: upcoming.item.contentId, startAt: new Date(at).toISOString() });
      this.deps.player.prepare?.(upcoming.file, upcoming.item);
    };
    const prepareAt = at - this.prepareAheadMs;
    if (prepareAt <= now) prepare();
    else this.prepareTimer = this.deps.clock.setTimer(prepare, prepareAt - now);
  }

  /** What would start at the instant, as far as can be told now: a due timed slot, else the next ready loop item. */
  private upcomingAt(atMs: number): { item: PlayableItem; file: string } | null {
    const due = this.evaluateAt(atMs).due;
    if (due) {
      const file = this.deps.media.readyPath(due.media);
      return file ? { item: due, file } : null;
    }
    if (!this.playlist || atMs < this.loopPausedUntil || !isLoopOpenAt(this.playlist, atMs)) return null;
    const next = this.nextLoopItem(atMs);
    return next && { item: next.item, file: next.file };
  }

  /** The loop member to play at the instant (from the cursor, skipping members outside their window or not verified). */
  private nextLoopItem(atMs: number): { item: LoopItem; file: string; index: number } | null {
    const loop = this.playlist?.loop ?? [];
    for (let i = 0; i < loop.length; i++) {
      const index = (this.loopCursor + i) % loop.length;
      if (!isLoopItemEligibleAt(loop[index], atMs)) continue;
      const file = this.deps.media.readyPath(loop[index].media);
      if (file) return { item: loop[index], file, index };
    }
    return null;
  }

  private evaluateAt(nowMs: number): Evaluation {
    const handledSlotIds = new Set([...this.deps.handled.handledSlotIds(), ...this.awaitingMedia.keys()]);
    return evaluate({ playlist: this.playlist ?? { items: [], loop: [] }, nowMs, handledSlotIds, graceMs: this.graceMs });
  }

  /** Releases awaiting slots whose media is now verified, fails those past their grace window, forgets withdrawn ones. */
  private settleAwaiting(now: number): void {
    for (const [slotId, item] of this.awaitingMedia) {
      if (!this.playlist?.items.some((i) => i.slotId === slotId)) {
        this.awaitingMedia.delete(slotId);
      } else if (this.deps.media.readyPath(item.media)) {
        this.awaitingMedia.delete(slotId);
      } else if (now >= this.deadlineOf(item)) {
        this.awaitingMedia.delete(slotId);
        void this.deps.handled.markHandled(slotId, Date.parse(item.startAt));
        const at = new Date(now).toISOString();
        this.deps.log.warn('媒体未就绪，未播放', { slotId, contentId: item.contentId, sha256: item.media.sha256 });
        this.record({ item, slotId, startedAt: at, endedAt: at, playedMs: 0, outcome: 'failed', reason: 'media-missing' });
      }
    }
  }

  private startTimed(item: TimelineItem): void {
    const file = this.deps.media.readyPath(item.media);
    if (!file) {
      this.awaitingMedia.set(item.slotId, item);
      this.deps.log.info('媒体未就绪，等待下载', { slotId: item.slotId, sha256: item.media.sha256, until: new Date(this.deadlineOf(item)).toISOString() });
      return;
    }
    // Marked before airing, and the sound starts once the mark is on disk: after a crash mid-broadcast the slot
    // is not aired a second time (a mark still being written when the agent was killed was lost: the soak saw it).
    const marked = this.deps.handled.markHandled(item.slotId, Date.parse(item.startAt));
    this.begin(item, item.priority, item.slotId, item.repeat, file, marked);
  }

  private deadlineOf(item: TimelineItem): number {
    return Date.parse(item.startAt) + this.graceMs;
  }

  /**
   * Loop filler starts only within opening hours, and a member only within its own window [from, until). An item
   * started before closing, or before its window ends, plays to its end (the same choice for both): cutting a
   * notice off mid-sentence helps nobody; it just is not started again.
   */
  private startLoop(now: number): void {
    if (now < this.loopPausedUntil || !this.playlist || !isLoopOpenAt(this.playlist, now)) return;
    const next = this.nextLoopItem(now);
    if (!next) return;
    this.loopCursor = next.index + 1;
    this.begin(next.item, 'loop', null, 1, next.file);
  }

  private begin(item: PlayableItem, priority: PlayPriority, slotId: string | null, repeat: number, file: string, marked: Promise<void> = Promise.resolve()): void {
    const since = this.deps.clock.now();
    const expectedEndMs = since + Math.max(0, item.media.durationMs) * repeat;
    const current: Current = { item, priority, slotId, since, expectedEndMs, handle: null, stopReason: null, finished: Promise.resolve() };
    this.current = current;
    current.finished = this.run(current, file, repeat, marked);
  }

  private async run(current: Current, file: string, repeat: number, marked: Promise<void>): Promise<void> {
    await marked;
    const { item, slotId, priority } = current;
    const startAt = 'startAt' in item ? item.startAt : undefined;
    this.deps.log.info('开始播放', { slotId, contentId: item.contentId, title: item.title, priority, repeat, sha256: item.media.sha256, startAt });
    this.deps.onNowPlaying?.(nowPlayingOf(current));
    let played = 0;
    let result: PlayResult = { ok: true };
    while (played < repeat && !current.stopReason) {
      current.handle = this.deps.player.play(file, current.item);
      result = await current.handle.done;
      if (!result.ok) break;
      played++;
    }
    const now = this.deps.clock.now();
    const completed = played === repeat;
    const playedMs = now - current.since;
    this.current = null;
    this.record({
      item: current.item,
      slotId: current.slotId,
      startedAt: new Date(current.since).toISOString(),
      endedAt: new Date(now).toISOString(),
      playedMs,
      outcome: completed ? 'completed' : current.stopReason ? 'interrupted' : 'failed',
      reason: completed ? undefined : (current.stopReason ?? result.reason),
    });
    const loopMisbehaved = current.priority === 'loop' && !current.stopReason && (!completed || playedMs < LOOP_MIN_PLAY_MS);
    if (loopMisbehaved) this.loopPausedUntil = now + LOOP_PAUSE_MS;
    this.deps.onNowPlaying?.(null);
    this.tick();
  }

  private record(play: Pick<PlayLogEntry, 'slotId' | 'startedAt' | 'endedAt' | 'playedMs' | 'outcome' | 'reason'> & { item: PlayableItem }): void {
    const { item, ...rest } = play;
    const entry: PlayLogEntry = {
      id: randomUUID(),
      deviceId: this.deps.deviceId,
      scheduleId: item.scheduleId,
      contentId: item.contentId,
      revisionId: item.revisionId,
      sha256: item.media.sha256,
      ...rest,
    };
    if (entry.reason === undefined) delete entry.reason;
    try {
      this.deps.journal.append(entry);
    } catch (err) {
      this.deps.log.error('写入播放记录失败', { playLogId: entry.id, error: err as Error });
    }
    this.deps.log.info('播放结束', { playLogId: entry.id, slotId: entry.slotId, contentId: entry.contentId, outcome: entry.outcome, reason: entry.reason, playedMs: entry.playedMs });
    this.deps.onPlayed?.(entry);
  }

  private interrupt(reason: string): void {
    const current = this.current;
    if (!current || current.stopReason) return;
    current.stopReason = reason;
    this.deps.log.info('停止播放', { slotId: current.slotId, contentId: current.item.contentId, reason });
    current.handle?.stop();
  }

  private clearTimer(): void {
    if (this.timer) this.deps.clock.clearTimer(this.timer);
    this.timer = null;
    if (this.prepareTimer) this.deps.clock.clearTimer(this.prepareTimer);
    this.prepareTimer = null;
  }
}

function stillListed(current: Current, playlist: PlaylistPayload): boolean {
  if (current.slotId !== null) return playlist.items.some((i) => i.slotId === current.slotId);
  return playlist.loop.some((l) => l.scheduleId === current.item.scheduleId && l.media.sha256 === current.item.media.sha256);
}

function nowPlayingOf(current: Current): NowPlaying {
  return { contentId: current.item.contentId, slotId: current.slotId, title: current.item.title, since: new Date(current.since).toISOString() };
}
