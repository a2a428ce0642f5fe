import {
  addDays,
  compareLocalDates,
  localDateTimeOf,
  localMsOfDay,
  localToInstant,
  offsetMsAt,
  parseHhMm,
  parseSlotTime,
} from './local-time';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const iso = (ms: number): string => new Date(ms).toISOString();

describe('localToInstant', () => {
  it.each([
    [{ year: 2025, month: 3, day: 1, hour: 23, minute: 30 }, '2025-03-01T15:30:00.000Z'],
    [{ year: 2025, month: 3, day: 2, hour: 0, minute: 30 }, '2025-03-01T16:30:00.000Z'],
    [{ year: 2025, month: 3, day: 1, hour: 7, minute: 0 }, '2025-02-28T23:00:00.000Z'],
    [{ year: 2025, month: 1, day: 1, hour: 0, minute: 0 }, '2024-12-31T16:00:00.000Z'],
    [{ year: 2028, month: 2, day: 29, hour: 6, minute: 15 }, '2028-02-28T22:15:00.000Z'],
    [{ year: 2028, month: 3, day: 1, hour: 7, minute: 59 }, '2028-02-29T23:59:00.000Z'],
  ])('should convert Shanghai local %o to %s', (local, expected) => {
    expect(iso(localToInstant(local, SH))).toBe(expected);
  });

  it('should use UTC-5 in winter and UTC-4 in summer when the zone observes DST', () => {
    expect(iso(localToInstant({ year: 2025, month: 1, day: 15, hour: 7, minute: 0 }, NY))).toBe('2025-01-15T12:00:00.000Z');
    expect(iso(localToInstant({ year: 2025, month: 7, day: 15, hour: 7, minute: 0 }, NY))).toBe('2025-07-15T11:00:00.000Z');
  });

  it('should move forward by the gap when the local time is skipped by spring-forward', () => {
    // 2024-03-10 02:30 does not exist in New York: clocks jump from 02:00 EST to 03:00 EDT.
    expect(iso(localToInstant({ year: 2024, month: 3, day: 10, hour: 2, minute: 30 }, NY))).toBe('2024-03-10T07:30:00.000Z');
  });

  it('should take the earlier instant when the local time is repeated by fall-back', () => {
    // 2024-11-03 01:30 happens twice in New York (EDT then EST).
    expect(iso(localToInstant({ year: 2024, month: 11, day: 3, hour: 1, minute: 30 }, NY))).toBe('2024-11-03T05:30:00.000Z');
  });

  it('should honour historical DST when Shanghai observed it in 1988', () => {
    expect(iso(localToInstant({ year: 1988, month: 7, day: 1, hour: 12, minute: 0 }, SH))).toBe('1988-07-01T03:00:00.000Z');
  });
});

describe('offsetMsAt / localDateTimeOf / localMsOfDay', () => {
  it('should report +8 h when the zone is Asia/Shanghai', () => {
    expect(offsetMsAt(Date.parse('2025-06-01T00:00:00.500Z'), SH)).toBe(8 * 3_600_000);
  });

  it('should give each zone its own offset when the same instant is asked about in two zones', () => {
    const instant = Date.parse('2025-01-15T12:00:00Z');
    expect(offsetMsAt(instant, SH)).toBe(8 * 3_600_000);
    expect(offsetMsAt(instant, NY)).toBe(-5 * 3_600_000);
    expect(offsetMsAt(instant, SH)).toBe(8 * 3_600_000);
  });

  it('should return the next local day when the UTC instant is 16:30 the day before', () => {
    expect(localDateTimeOf(Date.parse('2025-02-28T16:30:00Z'), SH)).toEqual({ year: 2025, month: 3, day: 1, hour: 0, minute: 30 });
  });

  it('should return 29 February when the instant falls on the leap day locally', () => {
    expect(localDateTimeOf(Date.parse('2028-02-28T16:00:00Z'), SH)).toEqual({ year: 2028, month: 2, day: 29, hour: 0, minute: 0 });
  });

  it('should measure from local midnight when the instant is 15:30Z in Shanghai', () => {
    expect(localMsOfDay(Date.parse('2025-03-01T15:30:00.250Z'), SH)).toBe((23 * 60 + 30) * 60_000 + 250);
  });
});

describe('addDays / compareLocalDates', () => {
  it('should cross month and year ends when adding days', () => {
    expect(addDays({ year: 2025, month: 1, day: 31 }, 1)).toEqual({ year: 2025, month: 2, day: 1 });
    expect(addDays({ year: 2028, month: 2, day: 28 }, 1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(addDays({ year: 2027, month: 2, day: 28 }, 1)).toEqual({ year: 2027, month: 3, day: 1 });
    expect(addDays({ year: 2025, month: 12, day: 31 }, 1)).toEqual({ year: 2026, month: 1, day: 1 });
  });

  it('should order dates by year, then month, then day', () => {
    expect(compareLocalDates({ year: 2025, month: 2, day: 28 }, { year: 2025, month: 3, day: 1 })).toBeLessThan(0);
    expect(compareLocalDates({ year: 2026, month: 1, day: 1 }, { year: 2025, month: 12, day: 31 })).toBeGreaterThan(0);
    expect(compareLocalDates({ year: 2025, month: 3, day: 1 }, { year: 2025, month: 3, day: 1 })).toBe(0);
  });
});

describe('parseHhMm / parseSlotTime', () => {
  it('should return minutes since midnight when given a valid HH:MM', () => {
    expect(parseHhMm('00:00')).toBe(0);
    expect(parseHhMm('18:30')).toBe(1110);
    expect(parseHhMm('23:59')).toBe(1439);
  });

  it.each(['24:00', '7:00', '07:60', '07:00:00', ''])('should return null when given %p', (s) => {
    expect(parseHhMm(s)).toBeNull();
    expect(parseSlotTime(s)).toBeNull();
  });

  it('should parse a daily slot when given HH:MM', () => {
    expect(parseSlotTime('07:05')).toEqual({ kind: 'daily', hour: 7, minute: 5 });
  });

  it('should parse a one-off slot when given YYYY-MM-DDTHH:MM', () => {
    expect(parseSlotTime('2028-02-29T18:30')).toEqual({ kind: 'once', year: 2028, month: 2, day: 29, hour: 18, minute: 30 });
  });

  it.each(['2027-02-29T18:30', '2025-04-31T07:00', '2025-03-01T07:00Z', '2025-03-01 07:00'])(
    'should return null when given the invalid one-off %p',
    (s) => {
      expect(parseSlotTime(s)).toBeNull();
    },
  );
});
