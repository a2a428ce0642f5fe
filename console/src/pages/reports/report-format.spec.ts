import { duration, percent, periodFilterOf, playLogsPageLink, rankByCompletion, reasonsText, regionChain, thresholdOf } from './report-format';

describe('report-format', () => {
  it('prints fractions as percentages with one decimal and a dash for nothing planned', () => {
    expect(percent(0.9)).toBe('90.0%');
    expect(percent(0.8765)).toBe('87.7%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(null)).toBe('—');
  });

  it('prints durations in hours, minutes and seconds', () => {
    expect(duration(45)).toBe('45 秒');
    expect(duration(125)).toBe('2 分 5 秒');
    expect(duration(7200)).toBe('2 小时');
    expect(duration(3 * 3600 + 61)).toBe('3 小时 1 分');
    expect(duration(null)).toBe('—');
  });

  it('names failure reasons in a stable order and skips zeros', () => {
    expect(reasonsText({ offline: 1, 'media-missing': 2, other: 0 })).toBe('媒体缺失 2；设备离线 1');
    expect(reasonsText({ 'strange-thing': 3 })).toBe('strange-thing 3');
    expect(reasonsText({})).toBe('—');
  });

  it('turns the API play-log path into the play-log page address with the same filters', () => {
    const link = playLogsPageLink('/api/playlogs?deviceId=spk-1&from=2026-11-30T16%3A00%3A00.000Z&to=2026-12-31T16%3A00%3A00.000Z&page=1&pageSize=50');
    expect(link).toBe('/playlogs?deviceId=spk-1&from=2026-11-30T16%3A00%3A00.000Z&to=2026-12-31T16%3A00%3A00.000Z');
    expect(playLogsPageLink(null)).toBeNull();
  });

  it('reads the period from the address, dropping malformed values', () => {
    expect(periodFilterOf(new URLSearchParams('period=quarter&date=2026-09-15&regionCode=510811100000'))).toEqual({
      period: 'quarter',
      date: '2026-09-15',
      regionCode: '510811100000',
    });
    expect(periodFilterOf(new URLSearchParams('period=custom&from=2026-09-01&to=2026-09-30&date=2026-01-01'))).toEqual({
      period: 'custom',
      from: '2026-09-01',
      to: '2026-09-30',
    });
    expect(periodFilterOf(new URLSearchParams('period=fortnight&date=yesterday&regionCode=12'))).toEqual({ period: 'month', date: undefined });
  });

  it('reads the threshold as a percentage and sends a fraction', () => {
    expect(thresholdOf(new URLSearchParams('threshold=85'))).toBeCloseTo(0.85);
    expect(thresholdOf(new URLSearchParams('threshold=120'))).toBeUndefined();
    expect(thresholdOf(new URLSearchParams(''))).toBeUndefined();
  });

  it('walks the region chain from the root down', () => {
    const regions = [
      { code: 'c', parentCode: null },
      { code: 't', parentCode: 'c' },
      { code: 'v', parentCode: 't' },
    ];
    expect(regionChain(regions, 'v').map((r) => r.code)).toEqual(['c', 't', 'v']);
    expect(regionChain(regions, undefined)).toEqual([]);
  });

  it('ranks rows by completion, best first and unplanned last', () => {
    const rows = [
      { name: '乙', completion: 0.5 },
      { name: '甲', completion: null },
      { name: '丙', completion: 0.95 },
    ];
    expect(rankByCompletion(rows).map((r) => r.name)).toEqual(['丙', '乙', '甲']);
  });
});
