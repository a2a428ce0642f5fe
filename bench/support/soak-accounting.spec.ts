import { account, reportTruth, sameFigures, type AccountingInput, type DeviceFacts, type PlannedSlot, type ServerPlayLog } from './soak-accounting';

const T = Date.parse('2026-12-05T03:00:00.000Z');
const SHA = 'a'.repeat(64);

function slot(deviceId: string, minute: number, extra: Partial<PlannedSlot> = {}): PlannedSlot {
  const startMs = T + minute * 60_000;
  return { deviceId, slotId: `sch:${new Date(startMs).toISOString()}`, startMs, contentId: 'c', withdrawn: false, ...extra };
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

  it('should measure start error on the device clock, and for a skewed device the real-time error separately', () => {
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
    expect(result.startErrorMs.skewedTrueError).toMatchObject({ n: 1, max: 89_960 });
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
    const gone = slot('d1', 0, { withdrawn: true });
    const goneButAired = slot('d2', 0, { withdrawn: true });
    const result = account(input({ planned: [gone, goneButAired], logs: [log(goneButAired, 'p1')], devices: new Map([['d1', facts()], ['d2', facts()]]) }));
    expect(result.planned).toBe(0);
    expect(result.withdrawnSlots).toEqual({ total: 2, notAired: 1, airedAnyway: 1 });
  });
});

describe('reportTruth', () => {
  it('should count each planned slot once, in the column of its best play log, and slots without any as not reported', () => {
    const [a, b, c, d, e] = [0, 1, 2, 3, 4].map((m) => slot('d1', m));
    const withdrawn = slot('d1', 5, { withdrawn: true });
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
    expect(reportTruth([a, b, c, d, e, withdrawn, other], logs, 'c')).toEqual({
      planned: 5,
      aired: 1,
      interrupted: 1,
      failed: 2,
      failedByReason: { 'media-missing': 1, unknown: 1 },
      notReported: 1,
    });
  });

  it('should compare failure reasons whatever their order and tell a differing count', () => {
    const f = { planned: 2, aired: 0, interrupted: 0, failed: 2, notReported: 0 };
    expect(sameFigures({ ...f, failedByReason: { a: 1, b: 1 } }, { ...f, failedByReason: { b: 1, a: 1 } })).toBe(true);
    expect(sameFigures({ ...f, failedByReason: { a: 2 } }, { ...f, failedByReason: { a: 1, b: 1 } })).toBe(false);
    expect(sameFigures({ ...f, failedByReason: {} }, { ...f, notReported: 1, failedByReason: {} })).toBe(false);
  });
});
