import { availabilityByRegion, batchTransitions, deviceAvailability, mergeAvailability, nextTransition, onlineAt, rollUpAvailability } from './availability';

const T = (iso: string) => new Date(iso);

describe('nextTransition', () => {
  const now = Date.parse('2026-09-03T00:00:00Z');

  it('records a first online at the time the device says, never in the future', () => {
    expect(nextTransition(null, { online: true, at: '2026-09-01T00:00:00Z' }, now)).toEqual({ online: true, at: T('2026-09-01T00:00:00Z'), cause: 'online' });
    expect(nextTransition(null, { online: true, at: '2027-01-01T00:00:00Z' }, now)?.at.getTime()).toBe(now);
  });

  it('is null when nothing changes (heartbeats, a second offline)', () => {
    expect(nextTransition({ online: true, at: T('2026-09-01T00:00:00Z') }, { online: true, at: '2026-09-02T00:00:00Z' }, now)).toBeNull();
    expect(nextTransition(null, { online: false, at: '2026-09-02T00:00:00Z' }, now)).toBeNull();
  });

  it('takes a clean offline at its own time but a Last Will (stamped at connect) at arrival', () => {
    const last = { online: true, at: T('2026-09-01T00:00:00Z') };
    expect(nextTransition(last, { online: false, at: '2026-09-02T00:00:00Z' }, now)).toEqual({ online: false, at: T('2026-09-02T00:00:00Z'), cause: 'offline' });
    expect(nextTransition(last, { online: false, at: '2026-08-31T23:59:59Z' }, now)).toEqual({ online: false, at: new Date(now), cause: 'last-will' });
  });

  it('never goes back before the previous transition', () => {
    const last = { online: false, at: T('2026-09-02T00:00:00Z') };
    expect(nextTransition(last, { online: true, at: '2026-09-01T00:00:00Z' }, now)?.at).toEqual(T('2026-09-02T00:00:00Z'));
  });
});

describe('deviceAvailability', () => {
  const from = T('2026-09-01T00:00:00Z');
  const to = T('2026-09-04T00:00:00Z');
  const end = Date.parse('2026-09-10T00:00:00Z');

  it('counts a day offline in a three-day period as one outage and two thirds online', () => {
    const a = deviceAvailability({ online: true, at: T('2026-08-01T00:00:00Z') }, [{ online: false, at: T('2026-09-02T00:00:00Z') }, { online: true, at: T('2026-09-03T00:00:00Z') }], from, to, end);
    expect(a.share).toBeCloseTo(2 / 3, 12);
    expect(a.onlineSeconds).toBe(2 * 86_400);
    expect(a.outages).toEqual([{ from: T('2026-09-02T00:00:00Z'), until: T('2026-09-03T00:00:00Z'), seconds: 86_400 }]);
  });

  it('leaves the future out and keeps an open outage open', () => {
    const a = deviceAvailability({ online: true, at: T('2026-08-01T00:00:00Z') }, [{ online: false, at: T('2026-09-02T00:00:00Z') }], from, to, Date.parse('2026-09-02T12:00:00Z'));
    expect(a.periodSeconds).toBe(1.5 * 86_400);
    expect(a.share).toBeCloseTo(1 / 1.5, 12);
    expect(a.outages).toEqual([{ from: T('2026-09-02T00:00:00Z'), until: null, seconds: 43_200 }]);
  });

  it('treats a device offline at the start as an outage from the start, and a never-seen one as offline without outage', () => {
    const a = deviceAvailability({ online: false, at: T('2026-08-31T00:00:00Z') }, [{ online: true, at: T('2026-09-01T06:00:00Z') }], from, to, end);
    expect(a.outages).toEqual([{ from, until: T('2026-09-01T06:00:00Z'), seconds: 21_600 }]);
    expect(deviceAvailability(null, [], from, to, end)).toMatchObject({ share: 0, outages: [] });
  });
});

describe('onlineAt', () => {
  it('follows the transitions up to the instant', () => {
    const before = { online: true, at: T('2026-08-01T00:00:00Z') };
    const during = [{ online: false, at: T('2026-09-02T00:00:00Z') }, { online: true, at: T('2026-09-03T00:00:00Z') }];
    expect(onlineAt(before, during, T('2026-09-01T12:00:00Z'))).toBe(true);
    expect(onlineAt(before, during, T('2026-09-02T12:00:00Z'))).toBe(false);
    expect(onlineAt(before, during, T('2026-09-03T00:00:00Z'))).toBe(true);
    expect(onlineAt(null, [], T('2026-09-03T00:00:00Z'))).toBe(false);
  });
});

describe('rollUpAvailability', () => {
  it('averages shares of devices that have one and sums outages', () => {
    const from = T('2026-09-01T00:00:00Z');
    const to = T('2026-09-03T00:00:00Z');
    const end = Date.parse('2026-09-10T00:00:00Z');
    const up = deviceAvailability({ online: true, at: T('2026-08-01T00:00:00Z') }, [], from, to, end);
    const half = deviceAvailability({ online: true, at: T('2026-08-01T00:00:00Z') }, [{ online: false, at: T('2026-09-02T00:00:00Z') }], from, to, end);
    expect(rollUpAvailability([up, half, { onlineSeconds: 0, periodSeconds: 0, share: null, outages: [] }])).toEqual({ devices: 3, onlineShare: 0.75, outages: 1, outageSeconds: 86_400 });
  });
});

describe('availabilityByRegion', () => {
  const from = T('2026-09-01T00:00:00Z');
  const to = T('2026-09-03T00:00:00Z');
  const now = to.getTime();
  const A = '510811100201';
  const B = '510811200202';

  it('counts the online time of a device moved mid-period in each region for the part it spent there', () => {
    const before = { online: true, at: T('2026-08-30T00:00:00Z'), regionCode: A };
    const during = [
      { online: false, at: T('2026-09-01T12:00:00Z'), regionCode: A },
      { online: false, at: T('2026-09-02T00:00:00Z'), regionCode: B }, // moved while offline
      { online: true, at: T('2026-09-02T06:00:00Z'), regionCode: B },
    ];
    const parts = availabilityByRegion(before, during, from, to, now, B);
    expect(parts.map((p) => [p.regionCode, p.availability.onlineSeconds, p.availability.periodSeconds])).toEqual([
      [A, 12 * 3600, 24 * 3600],
      [B, 18 * 3600, 24 * 3600],
    ]);
    // The outage that ran across the move is one outage for the device as a whole.
    const whole = mergeAvailability(parts.map((p) => p.availability));
    expect(whole).toMatchObject({ onlineSeconds: 30 * 3600, periodSeconds: 48 * 3600, share: 30 / 48 });
    expect(whole.outages).toEqual([{ from: T('2026-09-01T12:00:00Z'), until: T('2026-09-02T06:00:00Z'), seconds: 18 * 3600 }]);
    expect(whole).toEqual(deviceAvailability(before, during, from, to, now));
  });

  it('is one part in the current region for a device that never moved or was never seen', () => {
    expect(availabilityByRegion(null, [], from, to, now, A)).toEqual([{ regionCode: A, availability: deviceAvailability(null, [], from, to, now) }]);
    const on = { online: true, at: T('2026-08-01T00:00:00Z'), regionCode: A };
    expect(availabilityByRegion(on, [], from, to, now, B)).toEqual([{ regionCode: A, availability: deviceAvailability(on, [], from, to, now) }]);
  });
});

describe('batchTransitions', () => {
  const now = Date.parse('2026-09-03T00:00:00Z');
  it('writes each change of a batch against the transition before it, stored or in the batch', () => {
    const last = new Map([['a', { online: true, at: T('2026-09-01T00:00:00Z') }]]);
    const rows = batchTransitions(last, [
      { deviceId: 'a', state: { online: true, at: '2026-09-02T00:00:00Z' }, nowMs: now }, // heartbeat: no change
      { deviceId: 'b', state: { online: true, at: '2026-09-02T01:00:00Z' }, nowMs: now },
      { deviceId: 'a', state: { online: false, at: '2026-09-02T02:00:00Z' }, nowMs: now },
      { deviceId: 'a', state: { online: false, at: '2026-09-02T03:00:00Z' }, nowMs: now }, // second offline: no change
      { deviceId: 'a', state: { online: true, at: '2026-09-02T04:00:00Z' }, nowMs: now },
    ]);
    expect(rows).toEqual([
      { deviceId: 'b', online: true, at: T('2026-09-02T01:00:00Z'), cause: 'online' },
      { deviceId: 'a', online: false, at: T('2026-09-02T02:00:00Z'), cause: 'offline' },
      { deviceId: 'a', online: true, at: T('2026-09-02T04:00:00Z'), cause: 'online' },
    ]);
  });
});
