/**
 * A device's day explained: what its compiled playlist plays and when (the compiler's kept items, the loop set
 * within opening hours as the agent's evaluator decides it), what the compiler dropped and why (its conflicts),
 * and which items an emergency broadcast interrupts. Pure: the caller compiles with the agent's compiler.
 */
import {
  CompileConflict,
  CompiledPlaylist,
  isLoopItemEligibleAt,
  isLoopOpenAt,
  loopClosingAfter,
  MediaRef,
  nextLoopOpening,
  nextLoopWindowBoundary,
  PlayPriority,
  ScheduleSpec,
} from '@sunshine/playlists';

export type TimelineStatus = 'plays' | 'dropped-quiet-hours' | 'overlap' | 'no-media' | 'pre-empted';
export type TimelineKind = 'slot' | 'loop' | 'alert';

export interface TimelineEntry {
  startMs: number;
  endMs: number | null;
  contentId: string | null;
  revisionId: string | null;
  title: string;
  scheduleId: string | null;
  /** For alerts: the alert id. */
  alertId?: string;
  priority: PlayPriority;
  kind: TimelineKind;
  status: TimelineStatus;
  /** Chinese, for the operator. */
  reason: string;
}

export interface TimelineAlert {
  id: string;
  title: string;
  startMs: number;
  endMs: number;
}

export interface TimelineInput {
  playlist: CompiledPlaylist;
  conflicts: readonly CompileConflict[];
  specs: readonly ScheduleSpec[];
  media: Readonly<Record<string, MediaRef>>;
  /** The local day [fromMs, untilMs). */
  fromMs: number;
  untilMs: number;
  alerts?: readonly TimelineAlert[];
  /** Formats an instant for reasons ("07:00"). */
  clock: (ms: number) => string;
}

const STATUS_OF: Record<CompileConflict['kind'], TimelineStatus> = {
  'quiet-hours': 'dropped-quiet-hours',
  overlap: 'overlap',
  'missing-media': 'no-media',
};

/** `${scheduleId}:${ISO start}` → the start; null for a loop's conflict id. */
export function slotStartOf(slotId: string): number | null {
  const i = slotId.indexOf(':');
  if (i < 0) return null;
  const ms = Date.parse(slotId.slice(i + 1));
  return Number.isFinite(ms) ? ms : null;
}

export function deviceTimeline(input: TimelineInput): TimelineEntry[] {
  const { playlist, fromMs, untilMs, clock } = input;
  const inDay = (ms: number): boolean => ms >= fromMs && ms < untilMs;
  const specs = new Map(input.specs.map((s) => [s.id, s]));
  const alerts = [...(input.alerts ?? [])].filter((a) => a.startMs < untilMs && a.endMs > fromMs);
  const out: TimelineEntry[] = [];

  for (const item of playlist.items) {
    const startMs = Date.parse(item.startAt);
    if (!inDay(startMs)) continue;
    const endMs = startMs + item.media.durationMs * item.repeat;
    const alert = alerts.find((a) => a.startMs < endMs && startMs < a.endMs);
    const times = item.repeat > 1 ? `，连播 ${item.repeat} 遍` : '';
    out.push({
      startMs,
      endMs,
      contentId: item.contentId,
      revisionId: item.revisionId,
      title: item.title,
      scheduleId: item.scheduleId,
      priority: item.priority,
      kind: 'slot',
      status: alert && item.priority !== 'emergency' ? 'pre-empted' : 'plays',
      reason:
        alert && item.priority !== 'emergency'
          ? `《${item.title}》${clock(startMs)} 的播出与应急广播《${alert.title}》（${clock(alert.startMs)}）重叠，会被打断，应急广播结束后继续`
          : `按排期于 ${clock(startMs)} 播出${times}`,
    });
  }

  for (const c of input.conflicts) {
    const spec = specs.get(c.scheduleId);
    const startMs = slotStartOf(c.slotId);
    const loopConflict = startMs === null;
    if (!loopConflict && !inDay(startMs)) continue;
    const ref = spec ? input.media[spec.revisionId] : undefined;
    out.push({
      startMs: startMs ?? fromMs,
      endMs: loopConflict ? untilMs : ref && spec ? startMs + ref.durationMs * spec.repeat : null,
      contentId: spec?.contentId ?? null,
      revisionId: spec?.revisionId ?? null,
      title: spec?.title ?? '',
      scheduleId: c.scheduleId,
      priority: spec?.priority ?? 'timed',
      kind: loopConflict ? 'loop' : 'slot',
      status: STATUS_OF[c.kind],
      reason: c.message,
    });
  }

  for (const item of playlist.loop) {
    for (const [startMs, endMs] of loopSpans(playlist, item, fromMs, untilMs)) {
      out.push({
        startMs,
        endMs,
        contentId: item.contentId,
        revisionId: item.revisionId,
        title: item.title,
        scheduleId: item.scheduleId,
        priority: 'loop',
        kind: 'loop',
        status: 'plays',
        reason: `开放时段 ${clock(startMs)}–${clock(endMs)} 内轮播（定时播出和应急广播优先）`,
      });
    }
  }

  for (const a of alerts) {
    out.push({
      startMs: a.startMs,
      endMs: a.endMs,
      contentId: null,
      revisionId: null,
      title: a.title,
      scheduleId: null,
      alertId: a.id,
      priority: 'emergency',
      kind: 'alert',
      status: 'plays',
      reason: `应急广播于 ${clock(a.startMs)} 插播，不受静音时段限制`,
    });
  }
  return out.sort((x, y) => x.startMs - y.startMs || (x.status === 'plays' ? 0 : 1) - (y.status === 'plays' ? 0 : 1));
}

/** When a loop member may play within [fromMs, untilMs): opening hours ∩ its own window, by the agent's evaluator. */
export function loopSpans(playlist: CompiledPlaylist, item: CompiledPlaylist['loop'][number], fromMs: number, untilMs: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let t = fromMs;
  // Each step crosses at least one boundary (opening, closing, member window); a day has only a few.
  for (let guard = 0; t < untilMs && guard < 100; guard++) {
    const open = nextLoopOpening(playlist, t);
    if (open === null || open >= untilMs) break;
    t = open;
    const close = Math.min(loopClosingAfter(playlist, t) ?? untilMs, untilMs);
    if (isLoopItemEligibleAt(item, t)) {
      const leave = nextLoopWindowBoundary([item], t);
      const end = Math.min(close, leave ?? Infinity);
      spans.push([t, end]);
      t = end;
    } else {
      const join = nextLoopWindowBoundary([item], t);
      if (join === null) break;
      t = join;
    }
  }
  return spans;
}
