import { assertQuietHours, DEFAULT_SPEAKER_QUIET_HOURS, quietHoursAt } from './quiet-hours';

const TZ = 'Asia/Shanghai';
/** Instant of a Shanghai wall-clock time on 1 March 2025. */
const local = (hhmm: string): number => Date.parse(`2025-03-01T${hhmm}:00.000+08:00`);

describe('quietHoursAt', () => {
  it.each([
    ['21:59', false],
    ['22:00', true],
    ['23:59', true],
    ['00:00', true],
    ['05:59', true],
    ['06:00', false],
    ['12:00', false],
  ])('should report %s as quiet=%p when the range wraps midnight', (hhmm, quiet) => {
    expect(quietHoursAt(local(hhmm), DEFAULT_SPEAKER_QUIET_HOURS, TZ) !== null).toBe(quiet);
  });

  it('should return the matching range when several ranges are configured', () => {
    const ranges = [{ from: '12:00', until: '13:00' }, { from: '01:00', until: '02:00' }];
    expect(quietHoursAt(local('01:30'), ranges, TZ)).toEqual({ from: '01:00', until: '02:00' });
    expect(quietHoursAt(local('13:00'), ranges, TZ)).toBeNull();
  });

  it('should treat a range whose ends are equal as empty', () => {
    expect(quietHoursAt(local('08:00'), [{ from: '08:00', until: '08:00' }], TZ)).toBeNull();
  });

  it('should count seconds when an instant falls just before the range ends', () => {
    expect(quietHoursAt(Date.parse('2025-03-01T05:59:59.999+08:00'), DEFAULT_SPEAKER_QUIET_HOURS, TZ)).not.toBeNull();
  });

  it('should be frozen so callers cannot change the default', () => {
    expect(Object.isFrozen(DEFAULT_SPEAKER_QUIET_HOURS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SPEAKER_QUIET_HOURS[0])).toBe(true);
  });
});

describe('assertQuietHours', () => {
  it('should accept well-formed ranges', () => {
    expect(() => assertQuietHours([{ from: '22:00', until: '06:00' }, { from: '12:00', until: '12:00' }])).not.toThrow();
  });

  it.each([
    [{ from: '22:00', until: '24:00' }, '24:00'],
    [{ from: '9:00', until: '10:00' }, '9:00'],
  ])('should throw naming the bad bound when given %p', (range, bad) => {
    expect(() => assertQuietHours([range])).toThrow(`静音时段格式错误：${bad}`);
  });
});
