/**
 * Whether an online state report is older than the one already applied for the device, and so must not
 * overwrite it. State reports are snapshots: a retained copy redelivered after a reconnect, or two reports
 * handled out of order, would otherwise roll the volume or playlist version back. The agent's own timestamps
 * order its reports; only within a short window, so that a device whose clock was stepped back is not frozen
 * on its old state (after the window its newest report wins whatever its timestamp).
 */
export const STATE_ORDER_WINDOW_MS = 60_000;

export interface AppliedState {
  /** The agent's `at` of the report applied last, in ms. */
  atMs: number;
  /** When the server applied it, server clock, in ms. */
  appliedMs: number;
}

export function isStaleState(applied: AppliedState | undefined, reportAtMs: number, nowMs: number): boolean {
  if (!applied || !Number.isFinite(reportAtMs)) return false;
  return reportAtMs < applied.atMs && nowMs - applied.appliedMs < STATE_ORDER_WINDOW_MS;
}
