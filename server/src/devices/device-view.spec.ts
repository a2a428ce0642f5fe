import type { DeviceStatePayload } from '@sunshine/playlists';
import { DeviceEntity } from './device.entity';
import { mergeOffline, toView } from './devices.service';

const onlineState: DeviceStatePayload = {
  online: true,
  deviceId: 'tv-1',
  at: '2026-12-01T08:00:00.000Z',
  agentVersion: '0.2.0',
  nowPlaying: { contentId: 'c-1', slotId: null, title: '医保政策解读', since: '2026-12-01T07:59:00.000Z' },
  volume: 35,
  cacheBytes: 1024,
  clockOffsetMs: -120,
  playlistVersion: 'a'.repeat(64),
};

function entity(overrides: Partial<DeviceEntity>): DeviceEntity {
  return Object.assign(new DeviceEntity(), {
    id: 'tv-1', name: '大厅电视', kind: 'tv', profile: 'tv-1080p', regionCode: '510811100201', tags: [], quietHours: null, openingHours: null,
    tokenHash: 'x', active: true, online: true, lastSeenAt: new Date('2026-12-01T08:00:00Z'), state: onlineState, createdAt: new Date(),
    ...overrides,
  });
}

describe('device view', () => {
  it('should keep what the device last reported and clear now playing when a Last Will arrives', () => {
    const merged = mergeOffline(onlineState, { online: false, deviceId: 'tv-1', at: '2026-12-01T08:05:00.000Z', nowPlaying: null, playlistVersion: null });
    expect(merged).toEqual({ ...onlineState, online: false, at: '2026-12-01T08:05:00.000Z', nowPlaying: null });
  });

  it('should store the offline state alone when nothing was reported before', () => {
    expect(mergeOffline(null, { online: false, deviceId: 'tv-1', at: '2026-12-01T08:05:00.000Z' })).toEqual({ online: false, deviceId: 'tv-1', at: '2026-12-01T08:05:00.000Z', nowPlaying: null });
  });

  it('should serve the reported fields at the top level when the device is online', () => {
    expect(toView(entity({}))).toMatchObject({ status: 'online', agentVersion: '0.2.0', volume: 35, cacheBytes: 1024, clockOffsetMs: -120, nowPlaying: onlineState.nowPlaying, playlistVersion: 'a'.repeat(64) });
  });

  it('should say offline and show nothing playing when the sweep marked the device offline', () => {
    expect(toView(entity({ online: false }))).toMatchObject({ online: false, status: 'offline', nowPlaying: null, volume: 35, agentVersion: '0.2.0' });
  });

  it('should serve nulls when the device never reported', () => {
    expect(toView(entity({ online: false, state: null, lastSeenAt: null }))).toMatchObject({ status: 'offline', agentVersion: null, volume: null, cacheBytes: null, clockOffsetMs: null, lastSeenAt: null });
  });
});
