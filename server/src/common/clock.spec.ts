import { parseClockOffset, SystemClock } from './clock';

describe('SystemClock', () => {
  it('should read the machine clock when no offset is given', () => {
    const before = Date.now();
    const now = new SystemClock().nowMs();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('should be shifted by the offset when one is given', () => {
    const day = 24 * 3600_000;
    const before = Date.now();
    const now = new SystemClock(day).nowMs();
    expect(now - day).toBeGreaterThanOrEqual(before);
    expect(now - day).toBeLessThanOrEqual(Date.now());
  });
});

describe('parseClockOffset', () => {
  it('should give 0 when the variable is absent or empty', () => {
    expect(parseClockOffset(undefined)).toBe(0);
    expect(parseClockOffset(' ')).toBe(0);
  });

  it('should parse negative and positive integer milliseconds', () => {
    expect(parseClockOffset('86400000')).toBe(86_400_000);
    expect(parseClockOffset('-1500')).toBe(-1500);
  });

  it('should throw a Chinese configuration error when the value is not an integer', () => {
    expect(() => parseClockOffset('1d')).toThrow(/CLOCK_OFFSET_MS 必须是整数毫秒/);
    expect(() => parseClockOffset('1.5')).toThrow(/CLOCK_OFFSET_MS/);
  });
});
