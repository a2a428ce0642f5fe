import type { Accounting } from './soak-accounting';
import { soakFailures, type VerdictInput } from './soak-verdict';
import { spread } from './stats';

const none = { n: 0, ...spread([]) };

function passing(): VerdictInput {
  const accounting: Accounting = {
    planned: 2,
    outcomes: { aired: 2 },
    accounted: 2,
    unaccounted: [],
    withdrawnSlots: { total: 0, notAired: 0, airedAnyway: 0 },
    playLogs: { recordedByAgents: 2, onServer: 2, lost: 0, lostIds: [], duplicates: 0, slotsAiredTwice: 0 },
    unverifiedPlays: 0,
    unverifiedDetail: [],
    startErrorMs: { onTime: none, skewedTrueError: none, skewedRealTime: none, lateAfterRecovery: none, excluded: { waitedForMedia: 0, alertHeld: 0 }, all: none, explain: '' },
  };
  const figures = { planned: 2, aired: 2, interrupted: 0, failed: 0, failedByReason: {}, notReported: 0 };
  return {
    accounting,
    alerts: [{ alertId: 'al1', devices: 2, answered: 2, byState: { success: 2 }, unanswered: [], unansweredKilledDuringAlert: [] }],
    reports: [{ contentId: 'c1', report: figures, truth: figures, equal: true }],
  };
}

describe('soakFailures', () => {
  it('should pass a run with nothing lost, duplicated, unverified, unaccounted or unanswered', () => {
    expect(soakFailures(passing())).toEqual([]);
  });

  it('should fail a run where a reachable device left the alert unanswered', () => {
    const r = passing();
    r.alerts = [{ ...r.alerts[0], answered: 1, byState: { success: 1 }, unanswered: ['d2'] }];
    expect(soakFailures(r)).toEqual(['alert al1 unanswered by 1 reachable device(s): d2']);
  });

  it('should fail a run where a device killed during the alert never answered it after its restart', () => {
    const r = passing();
    r.alerts = [{ ...r.alerts[0], answered: 1, byState: { success: 1 }, unansweredKilledDuringAlert: ['d1'] }];
    expect(soakFailures(r)).toHaveLength(1);
  });

  it('should fail on lost or duplicated play logs, unverified plays, unaccounted slots and a differing report', () => {
    const r = passing();
    r.accounting.playLogs = { ...r.accounting.playLogs, lost: 1, duplicates: 1, slotsAiredTwice: 1 };
    r.accounting.unverifiedPlays = 1;
    r.accounting.unaccounted = [{ deviceId: 'd1', slotId: 's' }];
    r.reports = [{ ...r.reports![0], equal: false }];
    expect(soakFailures(r)).toHaveLength(6);
  });
});
