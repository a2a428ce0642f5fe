/**
 * Whether a soak run passed, from its report alone: `npm run soak` exits 1 when this names anything. Kept apart
 * from bench/soak.ts so the decision is unit-tested.
 */
import type { SoakReport } from './soak-run';

export type VerdictInput = Pick<SoakReport, 'accounting' | 'alerts' | 'reports'>;

/** Why the run failed, one line each; empty when it passed. */
export function soakFailures(report: VerdictInput): string[] {
  const a = report.accounting;
  const out: string[] = [];
  if (a.playLogs.lost > 0) out.push(`play logs lost: ${a.playLogs.lost}`);
  if (a.playLogs.duplicates > 0) out.push(`play logs stored twice: ${a.playLogs.duplicates}`);
  if (a.playLogs.slotsAiredTwice > 0) out.push(`slots aired twice: ${a.playLogs.slotsAiredTwice}`);
  if (a.unverifiedPlays > 0) out.push(`plays of unverified media: ${a.unverifiedPlays}`);
  if (a.unaccounted.length > 0) out.push(`slots unaccounted for: ${a.unaccounted.length}`);
  for (const r of report.reports ?? []) if (!r.equal) out.push(`coverage report differs from the ground truth for content ${r.contentId}`);
  // Every device is healed and running again by the end of the settle phase, so every one is reachable: an alert
  // left unanswered is a failure, by a device the driver killed during the alert too (its restart must air it).
  for (const al of report.alerts) {
    const silent = [...al.unanswered, ...al.unansweredKilledDuringAlert];
    if (silent.length > 0) out.push(`alert ${al.alertId} unanswered by ${silent.length} reachable device(s): ${silent.slice(0, 10).join(' ')}`);
  }
  return out;
}
