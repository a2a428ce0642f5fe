import { parseUtcTimestamp } from './pg-utc-timestamps';

describe('parseUtcTimestamp', () => {
  it('should read PostgreSQL timestamp text as UTC, with and without fractions', () => {
    expect(parseUtcTimestamp('2026-12-01 08:00:00').toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(parseUtcTimestamp('2026-12-01 08:00:00.123').toISOString()).toBe('2026-12-01T08:00:00.123Z');
    expect(parseUtcTimestamp('2026-12-01 08:00:00.123456').toISOString()).toBe('2026-12-01T08:00:00.123Z');
  });

  it('should give an invalid date for infinity rather than a wrong one', () => {
    expect(Number.isNaN(parseUtcTimestamp('infinity').getTime())).toBe(true);
  });
});
