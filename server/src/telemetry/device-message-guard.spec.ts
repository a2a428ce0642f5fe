import { DeviceMessageGuard } from './device-message-guard';

describe('DeviceMessageGuard', () => {
  const t0 = Date.parse('2026-12-01T08:00:00Z');

  it('should admit a burst, then limit one device without touching another', () => {
    const g = new DeviceMessageGuard({ perSecond: 10, burst: 5 }, 1000, 10_000);
    const a = Array.from({ length: 1000 }, () => g.admit('a', 10, t0));
    expect(a.filter((x) => x === null)).toHaveLength(5);
    expect(a[5]?.code).toBe('RATE_LIMITED');
    expect(g.admit('b', 10, t0)).toBeNull();
    // Refilled at 10 per second.
    expect(g.admit('a', 10, t0 + 1000)).toBeNull();
  });

  it('should refuse an oversized message before it is read', () => {
    const g = new DeviceMessageGuard({ perSecond: 10, burst: 5 }, 1000, 10_000);
    expect(g.admit('a', 1001, t0)?.code).toBe('MESSAGE_TOO_LARGE');
  });

  it('should report the first problem at once and aggregate the rest until the period is over', () => {
    const g = new DeviceMessageGuard({ perSecond: 10, burst: 5 }, 1000, 10_000);
    expect(g.note('a', 'MALFORMED_MESSAGE', '坏', t0)).toMatchObject({ code: 'MALFORMED_MESSAGE', dropped: 1 });
    for (let i = 0; i < 99; i++) expect(g.note('a', 'RATE_LIMITED', '快', t0 + i)).toBeNull();
    expect(g.due(t0 + 5_000)).toEqual([]);
    expect(g.due(t0 + 10_000)).toEqual([{ deviceId: 'a', problem: { code: 'RATE_LIMITED', message: '快', at: new Date(t0 + 10_000).toISOString(), dropped: 99 } }]);
    // A quiet period forgets the device: its next problem is reported at once again.
    expect(g.due(t0 + 20_000)).toEqual([]);
    expect(g.note('a', 'WRONG_DEVICE', '冒名', t0 + 20_001)).toMatchObject({ code: 'WRONG_DEVICE', dropped: 1 });
  });
});
