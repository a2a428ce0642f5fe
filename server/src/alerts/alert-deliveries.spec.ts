import { advanceDelivery, countsByTown, coveringTarget, retainedCodesOf, summariseDeliveries, targetedDevices, type DeliveryRow } from './alert-deliveries';

const TOWN = '510811100000';
const VILLAGE = '510811100201';
const OTHER_TOWN = '510811101000';
const COUNTY = '510811000000';

describe('advanceDelivery', () => {
  const waiting = { state: 'waiting' as const, reason: null };

  it('should move forward through received and playing to success when acks arrive in order', () => {
    expect(advanceDelivery(waiting, [{ state: 'received' }, { state: 'playing' }, { state: 'success' }])).toEqual({ state: 'success', reason: null });
  });
  it('should keep the later state when an earlier ack is redelivered after it', () => {
    expect(advanceDelivery({ state: 'playing', reason: null }, [{ state: 'received' }])).toEqual({ state: 'playing', reason: null });
  });
  it('should keep the first final answer when another final answer follows', () => {
    const failed = advanceDelivery(waiting, [{ state: 'failed', reason: 'failed-media' }]);
    expect(advanceDelivery(failed, [{ state: 'cancelled' }, { state: 'success' }])).toEqual({ state: 'failed', reason: 'failed-media' });
  });
});

describe('coveringTarget', () => {
  it('should pick the most specific target when a village and its town are both targeted', () => {
    expect(coveringTarget(VILLAGE, [COUNTY, TOWN, VILLAGE])).toBe(VILLAGE);
    expect(coveringTarget('510811100202', [COUNTY, TOWN, VILLAGE])).toBe(TOWN);
  });
  it('should return null when no target contains the region', () => {
    expect(coveringTarget('510811101201', [TOWN])).toBeNull();
  });
});

describe('targetedDevices', () => {
  it('should keep only devices inside a target, each with its covering target', () => {
    const devices = [
      { id: 'a', regionCode: VILLAGE },
      { id: 'b', regionCode: TOWN },
      { id: 'c', regionCode: '510811101201' },
      { id: 'd', regionCode: '510811110201' },
    ];
    expect(targetedDevices(devices, [TOWN])).toEqual([
      { deviceId: 'a', regionCode: TOWN },
      { deviceId: 'b', regionCode: TOWN },
    ]);
  });
});

describe('summariseDeliveries', () => {
  const rows: DeliveryRow[] = [
    { deviceId: 'spk-3', regionCode: TOWN, state: 'waiting', reason: null },
    { deviceId: 'spk-1', regionCode: TOWN, state: 'success', reason: null },
    { deviceId: 'spk-2', regionCode: TOWN, state: 'failed', reason: 'failed-media' },
    { deviceId: 'spk-9', regionCode: OTHER_TOWN, state: 'playing', reason: null },
    { deviceId: 'spk-8', regionCode: OTHER_TOWN, state: 'waiting', reason: null },
  ];

  it('should count per state and per target region and list who has not answered', () => {
    const s = summariseDeliveries(rows, [TOWN, OTHER_TOWN, VILLAGE]);
    expect(s.total).toBe(5);
    expect(s.byState).toEqual({ waiting: 2, received: 0, playing: 1, success: 1, failed: 1, cancelled: 0 });
    expect(s.byRegion.map((r) => [r.regionCode, r.total, r.byState.waiting, r.byState.success])).toEqual([
      [TOWN, 3, 1, 1],
      [OTHER_TOWN, 2, 1, 0],
      [VILLAGE, 0, 0, 0],
    ]);
    expect(s.unanswered).toEqual([
      { deviceId: 'spk-3', regionCode: TOWN },
      { deviceId: 'spk-8', regionCode: OTHER_TOWN },
    ]);
    expect(s.failed).toEqual([{ deviceId: 'spk-2', regionCode: TOWN, reason: 'failed-media' }]);
  });
  it('should report zero counts for every state when nothing was targeted', () => {
    expect(summariseDeliveries([], [TOWN]).byState).toEqual({ waiting: 0, received: 0, playing: 0, success: 0, failed: 0, cancelled: 0 });
  });
});

describe('retainedCodesOf', () => {
  const at = (s: number): Date => new Date(Date.UTC(2026, 10, 23, 10, 0, s));

  it('should leave a topic alone when a later alert was published on it', () => {
    const ending = { regionCodes: [TOWN, OTHER_TOWN], publishedAt: at(0) };
    expect(retainedCodesOf(ending, [{ regionCodes: [OTHER_TOWN], publishedAt: at(5) }])).toEqual([TOWN]);
  });
  it('should clear every topic when other alerts on them were published earlier', () => {
    const ending = { regionCodes: [TOWN, OTHER_TOWN], publishedAt: at(10) };
    expect(retainedCodesOf(ending, [{ regionCodes: [TOWN], publishedAt: at(5) }])).toEqual([TOWN, OTHER_TOWN]);
  });
});

describe('countsByTown', () => {
  it('should count answers per town of the devices when a whole county was targeted', () => {
    const rows = [
      { state: 'success' as const, deviceRegion: '510811100201' },
      { state: 'waiting' as const, deviceRegion: '510811100202' },
      { state: 'playing' as const, deviceRegion: '510811101201' },
      { state: 'success' as const, deviceRegion: '510811100000' },
    ];
    const towns = countsByTown(rows);
    expect(towns.map((t) => [t.townCode, t.total, t.byState.success, t.byState.waiting, t.byState.playing])).toEqual([
      ['510811100000', 3, 2, 1, 0],
      ['510811101000', 1, 0, 0, 1],
    ]);
  });

  it('should put devices outside any town (on the county itself or unknown) last', () => {
    const towns = countsByTown([
      { state: 'failed', deviceRegion: '510811000000' },
      { state: 'success', deviceRegion: null },
      { state: 'success', deviceRegion: '510811200201' },
    ]);
    expect(towns.map((t) => [t.townCode, t.total])).toEqual([
      ['510811200000', 1],
      [null, 2],
    ]);
  });
});
