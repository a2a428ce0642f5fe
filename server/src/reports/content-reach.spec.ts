import { contentReach, notAiredReason, type ReachPlanGroup } from './content-reach';

const at = (h: number) => new Date(Date.UTC(2026, 8, 1, h));
const g = (deviceId: string, o: Partial<ReachPlanGroup>): ReachPlanGroup => ({ deviceId, regionCode: '510811100201', skipReason: null, outcome: null, reason: null, due: true, slots: 1, firstAt: at(1), ...o });
const never = () => false;

describe('contentReach', () => {
  it('lists devices that aired it with first/last time and plays, and the rest with a reason', () => {
    const plans = [g('a', { outcome: 'completed', slots: 2 }), g('b', { skipReason: 'quiet-hours', due: true })];
    const airings = [{ deviceId: 'a', regionCode: '510811100201', plays: 3, firstAt: at(1), lastAt: at(5) }];
    const out = contentReach(plans, airings, never);
    expect(out).toEqual([
      { deviceId: 'a', regionCode: '510811100201', planned: 2, plays: 3, firstAiredAt: at(1), lastAiredAt: at(5), reason: null },
      { deviceId: 'b', regionCode: '510811100201', planned: 0, plays: 0, firstAiredAt: null, lastAiredAt: null, reason: 'quiet-hours' },
    ]);
  });

  it('shows a device moved between villages where it first aired', () => {
    const airings = [
      { deviceId: 'm', regionCode: '510811100202', plays: 1, firstAt: at(9), lastAt: at(9) },
      { deviceId: 'm', regionCode: '510811100201', plays: 2, firstAt: at(2), lastAt: at(3) },
    ];
    expect(contentReach([], airings, never)[0]).toMatchObject({ regionCode: '510811100201', plays: 3, firstAiredAt: at(2), lastAiredAt: at(9) });
  });
});

describe('notAiredReason', () => {
  it('prefers a reported media failure, then offline at the first missed slot', () => {
    expect(notAiredReason('d', [g('d', { outcome: 'failed', reason: 'media-missing' }), g('d', { firstAt: at(0) })], () => true)).toBe('media-missing');
    expect(notAiredReason('d', [g('d', { firstAt: at(3) }), g('d', { firstAt: at(2) })], (_id, t) => t.getTime() === at(2).getTime())).toBe('offline');
    expect(notAiredReason('d', [g('d', {})], never)).toBe('not-reported');
    expect(notAiredReason('d', [g('d', { outcome: 'interrupted', reason: 'stopped' })], never)).toBe('failed');
  });

  it('explains slots the server dropped, withdrawal first, and slots still to come', () => {
    expect(notAiredReason('d', [g('d', { skipReason: 'quiet-hours' }), g('d', { skipReason: 'withdrawn' })], never)).toBe('withdrawn');
    expect(notAiredReason('d', [g('d', { skipReason: 'missing-media' })], never)).toBe('media-missing');
    expect(notAiredReason('d', [g('d', { due: false })], never)).toBe('not-due');
  });
});
