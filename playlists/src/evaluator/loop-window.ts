/**
 * A loop member's own window (LoopItem.from/until, DESIGN.md §5): the member joins the loop at `from` (inclusive)
 * and leaves it at `until` (exclusive), on the agent's clock, so an offline agent starts and stops it on time.
 * Pure; an absent or malformed bound is no bound (validation rejects malformed ones before they get here).
 */
import type { LoopItem } from '../model/playlist';
import { parseIsoInstant } from '../validation/iso-instant';

export type LoopWindow = Pick<LoopItem, 'from' | 'until'>;

function bound(value: string | undefined, open: number): number {
  return value === undefined ? open : (parseIsoInstant(value) ?? open);
}

/** Whether the loop member may play at the instant: inside [from, until). */
export function isLoopItemEligibleAt(item: LoopWindow, instantMs: number): boolean {
  return instantMs >= bound(item.from, -Infinity) && instantMs < bound(item.until, Infinity);
}

/** The first window boundary (a member's from or until) strictly after the instant, or null when none is left. */
export function nextLoopWindowBoundary(loop: readonly LoopWindow[], afterMs: number): number | null {
  let next = Infinity;
  for (const item of loop) {
    for (const t of [bound(item.from, -Infinity), bound(item.until, Infinity)]) {
      if (t > afterMs && t < next) next = t;
    }
  }
  return Number.isFinite(next) ? next : null;
}
