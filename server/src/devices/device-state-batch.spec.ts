import type { DeviceStatePayload } from '@sunshine/playlists';
import { DeviceStateBatch } from './device-state-batch';

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
