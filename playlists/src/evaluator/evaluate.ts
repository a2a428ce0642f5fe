/** Agent-side "what plays now" (DESIGN.md §7): pure, so the agent drives it from its own clock and timer. */
import { PRIORITY_RANK, PlaylistPayload, PlayPriority, TimelineItem } from '../model/playlist';

export * from './opening-hours';
export * from './loop-window';

/** How late a timed slot may still start (agent restart, clock step); the compiler keeps slots this old too. */
export const DEFAULT_GRACE_MS = 10 * 60_000;

export interface EvaluateInput {
  playlist: Pick<PlaylistPayload, 'items' | 'loop'>;
  nowMs: number;
  /** Slots already started, completed or skipped: never due again. */
  handledSlotIds: ReadonlySet<string>;
  graceMs?: number;
}

export interface Evaluation {
  /** The timed item that should start now: highest priority, then earliest start, then slotId. */
  due: TimelineItem | null;
  /** Instant of the next timed start after now, for the agent's timer. */
  nextAt: number | null;
  next: TimelineItem | null;
}

export function evaluate(input: EvaluateInput): Evaluation {
  const grace = input.graceMs ?? DEFAULT_GRACE_MS;
  const { nowMs } = input;
  let due: { item: TimelineItem; startMs: number } | null = null;
  let next: { item: TimelineItem; startMs: number } | null = null;
  for (const item of input.playlist.items) {
    if (input.handledSlotIds.has(item.slotId)) continue;
    const startMs = Date.parse(item.startAt);
    const candidate = { item, startMs };
    if (startMs <= nowMs && nowMs < startMs + grace) {
      if (!due || outranks(candidate, due)) due = candidate;
    } else if (startMs > nowMs && (!next || startMs < next.startMs || (startMs === next.startMs && outranks(candidate, next)))) {
      next = candidate;
    }
  }
  return { due: due?.item ?? null, nextAt: next?.startMs ?? null, next: next?.item ?? null };
}

/** Emergencies pre-empt timed items and loops; timed items pre-empt loop filler; equals never pre-empt. */
export function shouldPreempt(current: PlayPriority, incoming: PlayPriority): boolean {
  return PRIORITY_RANK[incoming] > PRIORITY_RANK[current];
}

function outranks(a: { item: TimelineItem; startMs: number }, b: { item: TimelineItem; startMs: number }): boolean {
  const byPriority = PRIORITY_RANK[a.item.priority] - PRIORITY_RANK[b.item.priority];
  if (byPriority !== 0) return byPriority > 0;
  if (a.startMs !== b.startMs) return a.startMs < b.startMs;
  return a.item.slotId < b.item.slotId;
}
