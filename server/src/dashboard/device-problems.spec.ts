import { deviceProblems } from './device-problems';

const NOW = Date.parse('2026-12-01T10:00:00Z');
const base = { online: true, lastSeenAt: new Date(NOW), createdAt: new Date(NOW - 86_400_000), clockOffsetMs: 0, cacheBytes: 0, failedPlays: 0 };

describe('deviceProblems', () => {
  it('should find nothing wrong with a healthy device', () => {
    expect(deviceProblems(base, NOW)).toEqual({ problems: [], detail: '' });
  });

  it('should flag a device offline for more than an hour, not one offline for less', () => {
    expect(deviceProblems({ ...base, online: false, lastSeenAt: new Date(NOW - 61 * 60_000) }, NOW)).toEqual({ problems: ['offline-1h'], detail: '已离线 1 小时 1 分钟' });
    expect(deviceProblems({ ...base, online: false, lastSeenAt: new Date(NOW - 59 * 60_000) }, NOW).problems).toEqual([]);
  });

  it('should count a never-seen device from its registration', () => {
    expect(deviceProblems({ ...base, online: false, lastSeenAt: null }, NOW).detail).toBe('登记后 24 小时 从未上线');
  });

  it('should flag failed plays, a clock off by more than 5 s either way, and a cache at 95 % of the quota', () => {
    const r = deviceProblems({ ...base, failedPlays: 2, clockOffsetMs: -5_001, cacheBytes: 95 }, NOW, 100);
    expect(r.problems).toEqual(['failed-plays', 'clock-offset', 'cache-full']);
    expect(r.detail).toBe('近 24 小时有 2 次播放失败；设备时钟慢 5.0 秒；媒体缓存已用 95%');
    expect(deviceProblems({ ...base, clockOffsetMs: 5_000, cacheBytes: 94 }, NOW, 100).problems).toEqual([]);
  });
});
