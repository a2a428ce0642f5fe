import type { CompileConflict } from '@sunshine/playlists';
import { alertOutcome, outcomeRank, planRows, slotStart } from './plan-of-record';

const S = '11111111-1111-1111-1111-111111111111';
const item = (startAt: string, contentId = 'c1') => ({ slotId: `${S}:${startAt}`, scheduleId: S, contentId, revisionId: 'r1', startAt });

describe('planRows', () => {
  const base = {
    deviceId: 'd1',
    regionCode: '510811100201',
    schedules: new Map([[S, { contentId: 'c1', revisionId: 'r1' }]]),
    facts: () => ({ category: 'notice', department: '县医保局' }),
    nowMs: Date.parse('2026-09-01T02:00:00Z'),
  };

  it('plans future slots only, with the region and content facts of now', () => {
    const rows = planRows({ ...base, items: [item('2026-09-01T01:00:00.000Z'), item('2026-09-01T04:00:00.000Z')], conflicts: [] });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ deviceId: 'd1', slotId: `${S}:2026-09-01T04:00:00.000Z`, regionCode: '510811100201', category: 'notice', department: '县医保局', skipReason: null });
    expect(rows[0].startAt.toISOString()).toBe('2026-09-01T04:00:00.000Z');
  });

  it('records slots the compiler dropped as skipped, with the reason, and ignores loop conflicts', () => {
    const conflicts: CompileConflict[] = [
      { kind: 'quiet-hours', slotId: `${S}:2026-09-01T15:00:00.000Z`, scheduleId: S, message: '静音时段' },
      { kind: 'missing-media', slotId: `${S}:loop`, scheduleId: S, message: '缺少媒体' },
    ];
    const rows = planRows({ ...base, items: [], conflicts });
    expect(rows.map((r) => [r.slotId.slice(S.length + 1), r.skipReason])).toEqual([['2026-09-01T15:00:00.000Z', 'quiet-hours']]);
  });

  it('parses slot ids', () => {
    expect(slotStart(`${S}:2026-09-01T04:00:00.000Z`, S)?.toISOString()).toBe('2026-09-01T04:00:00.000Z');
    expect(slotStart(`${S}:loop`, S)).toBeNull();
    expect(slotStart('other:2026-09-01T04:00:00.000Z', S)).toBeNull();
  });

  it('ranks outcomes so a later success beats an earlier failure, never the reverse', () => {
    expect(outcomeRank('completed')).toBeGreaterThan(outcomeRank('interrupted'));
    expect(outcomeRank('interrupted')).toBeGreaterThan(outcomeRank('failed'));
    expect(outcomeRank('failed')).toBeGreaterThan(outcomeRank(null));
  });
});

describe('alertOutcome', () => {
  it('counts a successful answer as aired and a failure or cancellation as failed by reason', () => {
    expect(alertOutcome('success', null)).toEqual({ outcome: 'completed', reason: null });
    expect(alertOutcome('failed', 'no-media')).toEqual({ outcome: 'failed', reason: 'no-media' });
    expect(alertOutcome('failed', null)).toEqual({ outcome: 'failed', reason: 'failed' });
    expect(alertOutcome('cancelled', null)).toEqual({ outcome: 'failed', reason: 'cancelled' });
  });

  it('leaves answers that are not final unreported', () => {
    for (const state of ['waiting', 'received', 'playing']) expect(alertOutcome(state, null)).toBeNull();
  });
});
