import { account, plannedOfRecord, reportTruth, sameFigures, type AccountingInput, type DeviceFacts, type PlanEntry, type PlannedSlot, type ServerPlayLog } from './soak-accounting';

const T = Date.parse('2026-12-05T03:00:00.000Z');
const SHA = 'a'.repeat(64);

function slot(deviceId: string, minute: number, extra: Partial<PlannedSlot> = {}): PlannedSlot {
  const startMs = T + minute * 60_000;
  return { deviceId, slotId: `sch:${new Date(startMs).toISOString()}`, startMs, contentId: 'c', withdrawn: false, withdrawnByServerClock: false, ...extra };
}

function log(s: PlannedSlot, id: string, extra: Partial<ServerPlayLog> = {}): ServerPlayLog {
  return { id, deviceId: s.deviceId, slotId: s.slotId, contentId: s.contentId, sha256: SHA, startedAt: new Date(s.startMs + 20).toISOString(), outcome: 'completed', reason: null, ...extra };
}

function facts(extra: Partial<DeviceFacts> = {}): DeviceFacts {
  return { skewMs: 0, down: [], killedMidPlay: new Set(), waitedForMedia: new Set(), startedAt: [T - 600_000], playlistAt: T - 300_000, ...extra };
}

function input(extra: Partial<AccountingInput>): AccountingInput {
  return { planned: [], logs: [], recorded: [], verified: [], devices: new Map(), knownSha: new Set([SHA]), graceMs: 60_000, alertWindows: [], ...extra };
}

describe('account', () => {
  it('should put every planned slot in exactly one outcome, with the reason the soak knows for a slot without a log', () => {
    const aired = slot('d1', 0);
    const failed = slot('d1', 1);
    const down = slot('d2', 0);
    const killed = slot('d2', 1);
    const unexplained = slot('d3', 0);
    const result = account(
      input({
        planned: [aired, failed, down, killed, unexplained],
        logs: [log(aired, 'p1'), log(failed, 'p2', { outcome: 'failed', reason: 'media-missing' })],
        recorded: [{ id: 'p1', deviceId: 'd1', slotId: aired.slotId }, { id: 'p2', deviceId: 'd1', slotId: failed.slotId }],
        devices: new Map([
          ['d1', facts()],
          ['d2', facts({ down: [[T - 5_000, T + 30_000]], killedMidPlay: new Set([killed.slotId]) })],
          ['d3', facts()],
        ]),
      }),
    );
    expect(result.outcomes).toEqual({ aired: 1, 'failed:media-missing': 1, 'not-aired:agent-down': 1, 'not-aired:agent-killed-mid-play': 1, unaccounted: 1 });
    expect(result.planned).toBe(5);
    expect(result.accounted).toBe(4);
    expect(result.unaccounted).toEqual([{ deviceId: 'd3', slotId: unexplained.slotId }]);
  });

  it('should count a play the agent journalled but the server never stored as lost, and one stored twice as a duplicate', () => {
    const a = slot('d1', 0);
    const b = slot('d1', 1);
    const result = account(
      input({
        planned: [a, b],
        logs: [log(a, 'p1'), log(a, 'p1')],
        recorded: [{ id: 'p1', deviceId: 'd1', slotId: a.slotId }, { id: 'p2', deviceId: 'd1', slotId: b.slotId }],
        devices: new Map([['d1', facts()]]),
      }),
    );
    expect(result.playLogs).toMatchObject({ lost: 1, lostIds: ['d1|p2'], duplicates: 1, slotsAiredTwice: 1 });
    expect(result.outcomes.lost).toBe(1);
  });

  it('should report plays of bytes other than the item names, and play logs naming media the server never rendered', () => {
    const a = slot('d1', 0);
    const result = account(
      input({
        planned: [a],
        logs: [log(a, 'p1', { sha256: 'b'.repeat(64) })],
        verified: [{ deviceId: 'd1', expected: SHA, actual: 'c'.repeat(64) }, { deviceId: 'd1', expected: SHA, actual: SHA }],
        devices: new Map([['d1', facts()]]),
      }),
    );
    expect(result.unverifiedPlays).toBe(2);
  });

  it('should measure start error on the device clock, for a skewed device with the skew taken out, and its real-time error apart', () => {
    const onTime = slot('d1', 0);
    const skewed = slot('d2', 0);
    const result = account(
      input({
        planned: [onTime, skewed],
        logs: [log(onTime, 'p1'), log(skewed, 'p2', { startedAt: new Date(skewed.startMs + 40).toISOString() })],
        devices: new Map([
          ['d1', facts()],
          ['d2', facts({ skewMs: 90_000 })],
        ]),
      }),
    );
    expect(result.startErrorMs.onTime).toMatchObject({ n: 1, max: 20 });
    // 40 ms late on its own clock, which runs 90 s ahead: it started 89.96 s before the slot's real instant.
    expect(result.startErrorMs.skewedTrueError).toMatchObject({ n: 1, max: 40 });
    expect(result.startErrorMs.skewedRealTime).toMatchObject({ n: 1, max: 89_960 });
  });

  it('should take a skewed device\'s catch-up after a restart on its own clock too, not as 90 s late', () => {
    const s = slot('d1', 0);
    // Its clock runs 90 s behind: the slot is due at T + 90 s real time, and it was down from T + 80 s to T + 100 s.
    const result = account(
      input({
        planned: [s],
        logs: [log(s, 'p1', { startedAt: new Date(s.startMs + 10_500).toISOString() })],
        devices: new Map([['d1', facts({ skewMs: -90_000, down: [[T + 80_000, T + 100_000]], startedAt: [T - 600_000, T + 100_000] })]]),
      }),
    );
    expect(result.startErrorMs.lateAfterRecovery).toMatchObject({ n: 1, max: 10_500 });
    expect(result.startErrorMs.skewedTrueError.n).toBe(0);
  });

  // Seed 7's Mosquitto soak: onTime max 37.4 s was a slot whose agent the driver killed just after it began playing
  // and revived ~37 s later (the fault's duration); the restarted agent played the slot again within its grace window.
  it('should report a slot played again after a mid-play kill as a catch-up, not as an on-time start', () => {
    const replayed = slot('d1', 0);
    const onTime = slot('d2', 0);
    const result = account(
      input({
        planned: [replayed, onTime],
        logs: [log(replayed, 'p1', { startedAt: new Date(replayed.startMs + 37_405).toISOString() }), log(onTime, 'p2')],
        devices: new Map([
          ['d1', facts({ down: [[T + 60, T + 37_300]], startedAt: [T - 600_000, T + 37_300], killedMidPlay: new Set([replayed.slotId]) })],
          ['d2', facts()],
        ]),
      }),
    );
    expect(result.outcomes).toEqual({ aired: 2 });
    expect(result.startErrorMs.onTime).toMatchObject({ n: 1, max: 20 });
    expect(result.startErrorMs.lateAfterRecovery).toMatchObject({ n: 1, max: 37_405 });
  });

  it('should report a slot played late because the agent was down or restarting at its start apart from the on-time figures', () => {
    const caughtUp = slot('d1', 0);
    const justRestarted = slot('d2', 0);
    const onTime = slot('d3', 0);
    const result = account(
      input({
        planned: [caughtUp, justRestarted, onTime],
        logs: [
          log(caughtUp, 'p1', { startedAt: new Date(caughtUp.startMs + 58_000).toISOString() }),
          log(justRestarted, 'p2', { startedAt: new Date(justRestarted.startMs + 2_000).toISOString() }),
          log(onTime, 'p3'),
        ],
        devices: new Map([
          // Killed 10 s before the slot, back 55 s after it: the slot is played as a catch-up once it runs again.
          ['d1', facts({ down: [[T - 10_000, T + 55_000]], startedAt: [T - 600_000, T + 55_000] })],
          ['d2', facts({ down: [[T - 20_000, T - 5_000]], startedAt: [T - 600_000, T - 5_000] })],
          ['d3', facts()],
        ]),
      }),
    );
    expect(result.outcomes).toEqual({ aired: 3 });
    expect(result.startErrorMs.onTime).toMatchObject({ n: 1, max: 20 });
    expect(result.startErrorMs.lateAfterRecovery).toMatchObject({ n: 2, max: 58_000 });
    expect(result.startErrorMs.all).toMatchObject({ n: 3, max: 58_000 });
    expect(typeof result.startErrorMs.explain).toBe('string');
  });

  it('should keep withdrawn slots out of the planned count and say whether they aired anyway', () => {
    const gone = slot('d1', 0, { withdrawn: true, withdrawnByServerClock: true });
    const goneButAired = slot('d2', 0, { withdrawn: true, withdrawnByServerClock: true });
    const result = account(input({ planned: [gone, goneButAired], logs: [log(goneButAired, 'p1')], devices: new Map([['d1', facts()], ['d2', facts()]]) }));
    expect(result.planned).toBe(0);
    expect(result.withdrawnSlots).toEqual({ total: 2, notAired: 1, airedAnyway: 1 });
  });
});

describe('plannedOfRecord', () => {
  const entry = (deviceId: string, minute: number): [string, PlanEntry] => {
    const { withdrawn: _w, withdrawnByServerClock: _s, ...e } = slot(deviceId, minute);
    return [`${deviceId}|${e.slotId}`, e];
  };
  const SKEW: Record<string, number> = { behind: -90_000, ahead: 90_000 };

  // Seed 7's Mosquitto soak: the withdrawal went out half a second after a slot's real start; the device whose clock
  // runs 90 s behind got the playlist without it 89.5 s before its own clock reached it, and never aired it.
  it('should count a slot as withdrawn when the withdrawal came before the device clock reached it, skew included', () => {
    const atStart = new Map([entry('plain', 0), entry('behind', 0), entry('ahead', 1), entry('plain', 2), entry('kept', 0)]);
    const atEnd = new Map([entry('kept', 0), entry('added', 3)]);
    const withdrawnAt = T + 500;
    const planned = plannedOfRecord(atStart, atEnd, withdrawnAt, (id) => SKEW[id] ?? 0);
    const flags = Object.fromEntries(planned.map((p) => [`${p.deviceId}@${(p.startMs - T) / 60_000}`, [p.withdrawn, p.withdrawnByServerClock]]));
    expect(flags).toEqual({
      // Started (by every clock) before the withdrawal: it should have aired.
      'plain@0': [false, false],
      // Due at T + 90 s on its own clock: told not to play it first. The server's clock had it started.
      'behind@0': [true, false],
      // Due at T + 60 s − 90 s on its own clock: already aired when the withdrawal came.
      'ahead@1': [false, true],
      'plain@2': [true, true],
      'kept@0': [false, false],
      'added@3': [false, false],
    });
    // No play logs here: every slot not withdrawn is unaccounted, the one withdrawn for its device is not.
    const result = account(input({ planned, devices: new Map(['plain', 'behind', 'ahead', 'kept', 'added'].map((d) => [d, facts({ skewMs: SKEW[d] ?? 0 })])) }));
    expect(result.unaccounted.map((u) => u.deviceId).sort()).toEqual(['added', 'ahead', 'kept', 'plain']);
    expect(result.withdrawnSlots).toEqual({ total: 2, notAired: 2, airedAnyway: 0 });
  });
});

describe('reportTruth', () => {
  it('should count each planned slot once, in the column of its best play log, and slots without any as not reported', () => {
    const [a, b, c, d, e] = [0, 1, 2, 3, 4].map((m) => slot('d1', m));
    const withdrawn = slot('d1', 5, { withdrawn: true, withdrawnByServerClock: true });
    // Withdrawn for a device whose clock runs behind, but already started by the server's clock: the report keeps it.
    const behind = slot('d1', 7, { withdrawn: true });
    const other = slot('d1', 6, { contentId: 'x' });
    const logs = [
      log(a, 'l1', { outcome: 'failed', reason: 'media-missing' }),
      log(a, 'l2'),
      log(b, 'l3', { outcome: 'interrupted', reason: 'preempted-by-alert' }),
      log(c, 'l4', { outcome: 'failed', reason: 'media-missing' }),
      log(d, 'l5', { outcome: 'failed', reason: null }),
      log(withdrawn, 'l6'),
      log(other, 'l7'),
    ];
    expect(reportTruth([a, b, c, d, e, withdrawn, other, behind], logs, 'c')).toEqual({
      planned: 6,
      aired: 1,
      interrupted: 1,
      failed: 2,
      failedByReason: { 'media-missing': 1, unknown: 1 },
      notReported: 2,
    });
  });

  it('should compare failure reasons whatever their order and tell a differing count', () => {
    const f = { planned: 2, aired: 0, interrupted: 0, failed: 2, notReported: 0 };
    expect(sameFigures({ ...f, failedByReason: { a: 1, b: 1 } }, { ...f, failedByReason: { b: 1, a: 1 } })).toBe(true);
    expect(sameFigures({ ...f, failedByReason: { a: 2 } }, { ...f, failedByReason: { a: 1, b: 1 } })).toBe(false);
    expect(sameFigures({ ...f, failedByReason: {} }, { ...f, notReported: 1, failedByReason: {} })).toBe(false);
  });
});
