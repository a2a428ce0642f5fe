import type { CompileConflict, TimelineItem } from '@sunshine/playlists';
import type { AiringOutcome, SkipReason } from './planned-airing.entity';

/** What a report needs to know of a content when planning or counting its airings. */
export interface ContentFacts {
  category: string;
  department: string;
}

export interface PlanRow {
  deviceId: string;
  slotId: string;
  scheduleId: string;
  contentId: string;
  revisionId: string;
  startAt: Date;
  regionCode: string;
  category: string;
  department: string;
  skipReason: SkipReason | null;
  plannedAt: Date;
}

export interface PlanInput {
  deviceId: string;
  regionCode: string;
  items: ReadonlyArray<Pick<TimelineItem, 'slotId' | 'scheduleId' | 'contentId' | 'revisionId' | 'startAt'>>;
  conflicts: readonly CompileConflict[];
  /** Schedule id → the content and revision it airs (for the slots the compiler dropped). */
  schedules: ReadonlyMap<string, { contentId: string; revisionId: string }>;
  /** By revision id (the department is the revision's), falling back to content id. */
  facts: (contentId: string, revisionId: string) => ContentFacts;
  nowMs: number;
}

/**
 * The rows of one device's plan from a published playlist: every timed slot, and every slot the compiler dropped
 * (quiet hours, missing media, overlap) marked as skipped. Loop members are airtime, not slots: they have none.
 * Only slots still to come are returned: a slot that has started keeps the plan it was aired under.
 */
export function planRows(input: PlanInput): PlanRow[] {
  const plannedAt = new Date(input.nowMs);
  const rows = new Map<string, PlanRow>();
  const base = (slotId: string, scheduleId: string, contentId: string, revisionId: string, startAt: Date, skipReason: SkipReason | null): PlanRow => ({
    deviceId: input.deviceId,
    slotId,
    scheduleId,
    contentId,
    revisionId,
    startAt,
    regionCode: input.regionCode,
    ...input.facts(contentId, revisionId),
    skipReason,
    plannedAt,
  });
  for (const c of input.conflicts) {
    const startAt = slotStart(c.slotId, c.scheduleId);
    const spec = input.schedules.get(c.scheduleId);
    if (!startAt || !spec || startAt.getTime() <= input.nowMs) continue;
    rows.set(c.slotId, base(c.slotId, c.scheduleId, spec.contentId, spec.revisionId, startAt, c.kind));
  }
  // A slot in the playlist is planned even if an earlier compile had dropped it.
  for (const item of input.items) {
    const startAt = new Date(item.startAt);
    if (startAt.getTime() <= input.nowMs) continue;
    rows.set(item.slotId, base(item.slotId, item.scheduleId, item.contentId, item.revisionId, startAt, null));
  }
  return [...rows.values()].sort((a, b) => a.startAt.getTime() - b.startAt.getTime() || a.slotId.localeCompare(b.slotId));
}

/** `${scheduleId}:${ISO instant}` → the instant; null for a loop's conflict id or anything else. */
export function slotStart(slotId: string, scheduleId: string): Date | null {
  if (!slotId.startsWith(`${scheduleId}:`)) return null;
  const t = Date.parse(slotId.slice(scheduleId.length + 1));
  return Number.isFinite(t) ? new Date(t) : null;
}

const RANK: Record<AiringOutcome, number> = { failed: 1, interrupted: 2, completed: 3 };

/** A slot's outcome is the best any of its play logs reports (a retry after a failure completes it). */
export function outcomeRank(o: AiringOutcome | null): number {
  return o === null ? 0 : RANK[o];
}

/** An alert's plan row: one per targeted device, keyed apart from any schedule's slot. */
export const alertSlotId = (alertId: string): string => `alert:${alertId}`;

/**
 * What a device's final answer to an alert means for its airing: success aired it; a failure or a cancellation
 * (the alert was withdrawn before it played) did not, counted by reason. Not final yet: null.
 */
export function alertOutcome(state: string, reason: string | null): { outcome: AiringOutcome; reason: string | null } | null {
  if (state === 'success') return { outcome: 'completed', reason: null };
  if (state === 'failed') return { outcome: 'failed', reason: reason ?? 'failed' };
  if (state === 'cancelled') return { outcome: 'failed', reason: 'cancelled' };
  return null;
}
