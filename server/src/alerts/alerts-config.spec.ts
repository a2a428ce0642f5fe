import { loadAlertsConfig } from './alerts-config';

describe('loadAlertsConfig', () => {
  it('should air CAP levels 1 and 2 at once and default to a 2 h validity when nothing is set', () => {
    const c = loadAlertsConfig({});
    expect([...c.capAutoAirLevels]).toEqual([1, 2]);
    expect(c.defaultTtlMs).toBe(2 * 3600_000);
  });
  it('should read a level list with Chinese commas and spaces', () => {
    expect([...loadAlertsConfig({ CAP_AUTO_AIR_LEVELS: '1，2 3' }).capAutoAirLevels]).toEqual([1, 2, 3]);
  });
  it('should hold every CAP alert when set to none', () => {
    expect(loadAlertsConfig({ CAP_AUTO_AIR_LEVELS: 'none' }).capAutoAirLevels.size).toBe(0);
  });
  it('should refuse a level outside 1–4 with a message naming the setting', () => {
    expect(() => loadAlertsConfig({ CAP_AUTO_AIR_LEVELS: '1,5' })).toThrow(/CAP_AUTO_AIR_LEVELS/);
  });
  it('should refuse a default validity longer than 72 hours', () => {
    expect(() => loadAlertsConfig({ ALERT_DEFAULT_TTL_MINUTES: '10000' })).toThrow(/ALERT_DEFAULT_TTL_MINUTES/);
  });
});
