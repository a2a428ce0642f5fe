import type { DeviceStatePayload } from '@sunshine/playlists';
import { DeviceStateBatch, isStaleState, STATE_ORDER_WINDOW_MS } from './device-state-batch';

const online = (id: string, at: string, volume: number): DeviceStatePayload => ({ online: true, deviceId: id, at, volume, playlistVersion: 'v1', nowPlaying: null });
const offline = (id: string, at: string): DeviceStatePayload => ({ online: false, deviceId: id, at });

describe('DeviceStateBatch', () => {
  it('should keep one write per device: the last state and the time of the last message', () => {
    const b = new DeviceStateBatch();
    b.state('a', online('a', 't1', 30), 1_000);
    b.state('b', online('b', 't1', 40), 1_100);
    b.state('a', online('a', 't2', 35), 1_200);
    b.seen('a', 1_300);
    const rows = b.take();
    expect(rows).toEqual([
      { id: 'a', lastSeenAt: new Date(1_300), online: true, state: online('a', 't2', 35) },
      { id: 'b', lastSeenAt: new Date(1_100), online: true, state: online('b', 't1', 40) },
    ]);
    expect(b.size).toBe(0);
    expect(b.take()).toEqual([]);
  });

  it('should merge an offline state onto a pending online one, keeping what the device last reported', () => {
    const b = new DeviceStateBatch();
    b.state('a', online('a', 't1', 30), 1_000);
    b.state('a', offline('a', 't2'), 2_000);
    const [row] = b.take();
    expect(row).toMatchObject({ online: false, lastSeenAt: new Date(2_000), state: { online: false, at: 't2', volume: 30, playlistVersion: 'v1', nowPlaying: null } });
    expect(row.mergeWithStored).toBeFalsy();
  });

  it('should leave a lone offline state to be merged with the stored row at flush time', () => {
    const b = new DeviceStateBatch();
    b.state('a', offline('a', 't2'), 2_000);
    expect(b.take()).toEqual([{ id: 'a', lastSeenAt: new Date(2_000), online: false, state: offline('a', 't2'), mergeWithStored: true }]);
  });

  it('should touch only the last-seen time for events without a state', () => {
    const b = new DeviceStateBatch();
    b.seen('a', 5_000);
    expect(b.take()).toEqual([{ id: 'a', lastSeenAt: new Date(5_000) }]);
  });
});

describe('DeviceStateBatch ordering', () => {
  const T0 = Date.parse('2026-12-04T08:00:01Z');
  const report = (at: string, volume: number): DeviceStatePayload => online('tv-1', at, volume);
  const volumes = (b: DeviceStateBatch): Array<number | undefined> => b.take().map((r) => r.state?.volume);

  it('should keep the newest report when an older one arrives after it in the same batch', () => {
    const b = new DeviceStateBatch();
    expect(b.state('tv-1', report('2026-12-04T08:00:00.536Z', 35), T0)).toBe(true);
    expect(b.state('tv-1', report('2026-12-04T08:00:00.532Z', 100), T0 + 4)).toBe(false);
    expect(volumes(b)).toEqual([35]);
  });

  it('should ignore an older report that arrives after a newer one was written (a redelivered retained copy)', () => {
    const b = new DeviceStateBatch();
    b.state('tv-1', report('2026-12-04T08:00:00.536Z', 35), T0);
    expect(volumes(b)).toEqual([35]);
    expect(b.state('tv-1', report('2026-12-04T08:00:00.532Z', 100), T0 + 1_000)).toBe(false);
    expect(b.take()).toEqual([]);
  });

  it('should take newer and equally dated reports', () => {
    const b = new DeviceStateBatch();
    b.state('tv-1', report('2026-12-04T08:00:00.532Z', 100), T0);
    expect(b.state('tv-1', report('2026-12-04T08:00:00.532Z', 50), T0 + 1)).toBe(true);
    expect(b.state('tv-1', report('2026-12-04T08:00:00.536Z', 35), T0 + 2)).toBe(true);
    expect(volumes(b)).toEqual([35]);
  });

  it('should apply an offline report even when it is dated earlier (a Last Will is written at connect time)', () => {
    const b = new DeviceStateBatch();
    b.state('tv-1', report('2026-12-04T08:00:00.536Z', 35), T0);
    expect(b.state('tv-1', offline('tv-1', '2026-12-04T07:00:00.000Z'), T0 + 1_000)).toBe(true);
    expect(b.take().map((r) => r.online)).toEqual([false]);
    // After it, the device's next online report applies whatever its date: the offline one reset the order.
    expect(b.state('tv-1', report('2026-12-04T07:59:00.000Z', 60), T0 + 2_000)).toBe(true);
  });

  it('should accept an earlier-dated report once the window has passed (the device clock was stepped back)', () => {
    const b = new DeviceStateBatch();
    b.state('tv-1', report('2026-12-04T08:00:00.536Z', 35), T0);
    expect(b.state('tv-1', report('2026-12-04T07:55:00.000Z', 60), T0 + STATE_ORDER_WINDOW_MS - 1)).toBe(false);
    expect(b.state('tv-1', report('2026-12-04T07:55:00.000Z', 60), T0 + STATE_ORDER_WINDOW_MS)).toBe(true);
    expect(volumes(b)).toEqual([60]);
  });

  it('should order each device on its own', () => {
    const b = new DeviceStateBatch();
    b.state('a', online('a', '2026-12-04T08:00:00.536Z', 35), T0);
    expect(b.state('b', online('b', '2026-12-04T08:00:00.000Z', 20), T0)).toBe(true);
  });
});

describe('isStaleState', () => {
  const applied = { atMs: 10_000, appliedMs: 1_000_000 };

  it('should accept the first report of a device', () => {
    expect(isStaleState(undefined, 5, 1_000_000)).toBe(false);
  });

  it('should refuse a report older than the applied one when it arrives shortly after', () => {
    expect(isStaleState(applied, 9_996, 1_000_004)).toBe(true);
  });

  it('should accept a newer or equally old report', () => {
    expect(isStaleState(applied, 10_004, 1_000_004)).toBe(false);
    expect(isStaleState(applied, 10_000, 1_000_004)).toBe(false);
  });

  it('should accept an older timestamp once the window has passed (a device clock stepped back)', () => {
    expect(isStaleState(applied, 1_000, 1_000_000 + STATE_ORDER_WINDOW_MS)).toBe(false);
  });

  it('should not judge a report whose time cannot be read', () => {
    expect(isStaleState(applied, Number.NaN, 1_000_004)).toBe(false);
  });
});
