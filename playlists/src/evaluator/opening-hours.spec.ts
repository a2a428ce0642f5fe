import { isLoopOpenAt, loopClosingAfter, nextLoopOpening, type LoopHours } from './opening-hours';

/** Shanghai is UTC+8 all year: 08:30 local = 00:30Z. */
const sh = (local: string): number => Date.parse(`${local}+08:00`);
const hall: LoopHours = { timezone: 'Asia/Shanghai', openingHours: [{ from: '08:30', until: '17:30' }] };

describe('loop opening hours', () => {
  it('should be open from the opening minute inclusive to the closing minute exclusive when a day range is given', () => {
    expect(isLoopOpenAt(hall, sh('2025-03-03T08:29:59'))).toBe(false);
    expect(isLoopOpenAt(hall, sh('2025-03-03T08:30:00'))).toBe(true);
    expect(isLoopOpenAt(hall, sh('2025-03-03T17:29:59'))).toBe(true);
    expect(isLoopOpenAt(hall, sh('2025-03-03T17:30:00'))).toBe(false);
  });

  it('should be always open when the playlist has no opening hours and never open when they are empty', () => {
    const t = sh('2025-03-03T03:00:00');
    expect(isLoopOpenAt({ timezone: 'Asia/Shanghai' }, t)).toBe(true);
    expect(nextLoopOpening({ timezone: 'Asia/Shanghai' }, t)).toBe(t);
    expect(isLoopOpenAt({ timezone: 'Asia/Shanghai', openingHours: [] }, t)).toBe(false);
    expect(nextLoopOpening({ timezone: 'Asia/Shanghai', openingHours: [] }, t)).toBeNull();
    expect(loopClosingAfter({ timezone: 'Asia/Shanghai' }, t)).toBeNull();
  });

  it('should give the same day opening when asked before it and the next day opening when asked after closing', () => {
    expect(nextLoopOpening(hall, sh('2025-03-03T06:00:00'))).toBe(sh('2025-03-03T08:30:00'));
    expect(nextLoopOpening(hall, sh('2025-03-03T17:30:00'))).toBe(sh('2025-03-04T08:30:00'));
    expect(nextLoopOpening(hall, sh('2025-03-03T23:59:00'))).toBe(sh('2025-03-04T08:30:00'));
  });

  it('should give the instant itself as next opening and the closing time when open now', () => {
    const t = sh('2025-03-03T12:00:00');
    expect(nextLoopOpening(hall, t)).toBe(t);
    expect(loopClosingAfter(hall, t)).toBe(sh('2025-03-03T17:30:00'));
    expect(loopClosingAfter(hall, sh('2025-03-03T18:00:00'))).toBeNull();
  });

  it('should wrap midnight and merge touching ranges when ranges are split over the day', () => {
    const night: LoopHours = { timezone: 'Asia/Shanghai', openingHours: [{ from: '20:00', until: '02:00' }, { from: '02:00', until: '03:00' }] };
    expect(isLoopOpenAt(night, sh('2025-03-03T01:00:00'))).toBe(true);
    expect(isLoopOpenAt(night, sh('2025-03-03T12:00:00'))).toBe(false);
    expect(nextLoopOpening(night, sh('2025-03-03T12:00:00'))).toBe(sh('2025-03-03T20:00:00'));
    expect(loopClosingAfter(night, sh('2025-03-03T21:00:00'))).toBe(sh('2025-03-04T03:00:00'));
  });

  it('should ignore malformed and empty ranges when others are valid', () => {
    const odd: LoopHours = { timezone: 'Asia/Shanghai', openingHours: [{ from: '8:30', until: 'late' }, { from: '10:00', until: '10:00' }, { from: '14:00', until: '15:00' }] };
    expect(isLoopOpenAt(odd, sh('2025-03-03T10:00:00'))).toBe(false);
    expect(nextLoopOpening(odd, sh('2025-03-03T09:00:00'))).toBe(sh('2025-03-03T14:00:00'));
  });

  it('should never close when the ranges cover the whole day', () => {
    const allDay: LoopHours = { timezone: 'Asia/Shanghai', openingHours: [{ from: '00:00', until: '12:00' }, { from: '12:00', until: '00:00' }] };
    expect(loopClosingAfter(allDay, sh('2025-03-03T11:00:00'))).toBeNull();
  });

  it('should follow daylight saving time when the timezone has it', () => {
    // Berlin springs forward on 2025-03-30: 08:30 local is 07:30Z before and 06:30Z after.
    const berlin: LoopHours = { timezone: 'Europe/Berlin', openingHours: [{ from: '08:30', until: '17:30' }] };
    expect(nextLoopOpening(berlin, Date.parse('2025-03-29T18:00:00Z'))).toBe(Date.parse('2025-03-30T06:30:00Z'));
  });
});
