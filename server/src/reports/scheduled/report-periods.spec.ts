import { lastClosedPeriod, periodKeyAt, periodOf, previousPeriodKey } from './report-periods';

const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;

describe('report periods (Asia/Shanghai)', () => {
  it.each([
    ['month', '2026-09', '2026年9月', '2026-08-31T16:00:00.000Z', '2026-09-30T16:00:00.000Z'],
    ['month', '2026-12', '2026年12月', '2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['quarter', '2026-Q3', '2026年第三季度', '2026-06-30T16:00:00.000Z', '2026-09-30T16:00:00.000Z'],
    ['quarter', '2026-Q4', '2026年第四季度', '2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
  ] as const)('%s %s is %s, local midnight to local midnight', (kind, key, label, from, to) => {
    expect(periodOf(kind, key, TZ)).toEqual({ kind, key, label, from: new Date(from), to: new Date(to) });
  });

  it.each([
    ['month', '2026-13'],
    ['month', '2026-9'],
    ['quarter', '2026-Q5'],
    ['quarter', '2026-09'],
  ] as const)('%s key %s is refused', (kind, key) => expect(periodOf(kind, key, TZ)).toBeNull());

  it('finds the period of an instant in local time, not UTC', () => {
    // 2026-09-30T16:30Z is 00:30 on 1 October in Shanghai.
    expect(periodKeyAt('month', Date.parse('2026-09-30T16:30:00Z'), TZ)).toBe('2026-10');
    expect(periodKeyAt('quarter', Date.parse('2026-09-30T16:30:00Z'), TZ)).toBe('2026-Q4');
    expect(periodKeyAt('quarter', Date.parse('2026-09-30T15:30:00Z'), TZ)).toBe('2026-Q3');
  });

  it.each([
    ['month', '2026-01', '2025-12'],
    ['month', '2026-10', '2026-09'],
    ['quarter', '2026-Q1', '2025-Q4'],
    ['quarter', '2026-Q3', '2026-Q2'],
  ] as const)('before %s %s comes %s', (kind, key, prev) => expect(previousPeriodKey(kind, key)).toBe(prev));

  it('a period counts as closed only once the settling time has passed', () => {
    const closeQ3 = Date.parse('2026-09-30T16:00:00Z');
    expect(lastClosedPeriod('quarter', closeQ3 + HOUR, TZ, 2 * HOUR).key).toBe('2026-Q2');
    expect(lastClosedPeriod('quarter', closeQ3 + 2 * HOUR, TZ, 2 * HOUR).key).toBe('2026-Q3');
    expect(lastClosedPeriod('month', closeQ3 + 2 * HOUR, TZ, 2 * HOUR).key).toBe('2026-09');
  });
});
