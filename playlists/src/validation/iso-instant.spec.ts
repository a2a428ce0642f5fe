import { isCalendarDate, parseIsoInstant } from './iso-instant';

describe('parseIsoInstant', () => {
  it.each([
    ['2025-03-01T07:00:00.000Z', Date.UTC(2025, 2, 1, 7)],
    ['2025-03-01T07:00Z', Date.UTC(2025, 2, 1, 7)],
    ['2025-03-01T15:00:00+08:00', Date.UTC(2025, 2, 1, 7)],
    ['2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
  ])('should return the epoch ms when given the valid instant %s', (s, ms) => {
    expect(parseIsoInstant(s)).toBe(ms);
  });

  it.each([
    ['2025-03-01T07:00:00', 'no offset'],
    ['2025-03-01', 'a date only'],
    ['2025-02-30T00:00:00Z', '30 February'],
    ['2027-02-29T00:00:00Z', '29 February of a common year'],
    ['2025-01-01T24:00:00Z', 'hour 24'],
    ['2025-01-01T23:59:60Z', 'second 60'],
    ['2025-13-01T00:00:00Z', 'month 13'],
    [' 2025-03-01T07:00:00Z', 'leading space'],
  ])('should return null when given %s (%s)', (s) => {
    expect(parseIsoInstant(s)).toBeNull();
  });

  it('should return null when given a non-string', () => {
    expect(parseIsoInstant(1740787200000)).toBeNull();
  });
});

describe('isCalendarDate', () => {
  it('should accept 29 February when the year is a leap year', () => {
    expect(isCalendarDate(2028, 2, 29)).toBe(true);
    expect(isCalendarDate(2000, 2, 29)).toBe(true);
  });

  it('should reject 29 February when the year is not a leap year', () => {
    expect(isCalendarDate(2100, 2, 29)).toBe(false);
    expect(isCalendarDate(2026, 2, 29)).toBe(false);
  });

  it('should reject day 31 when the month has 30 days', () => {
    expect(isCalendarDate(2025, 4, 31)).toBe(false);
    expect(isCalendarDate(2025, 12, 31)).toBe(true);
  });
});
