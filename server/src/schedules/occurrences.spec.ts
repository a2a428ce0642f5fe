import { isoInZone, nextOccurrences, occurrencesBetween } from './occurrences';

const TZ = 'Asia/Shanghai';
const at = (local: string): number => Date.parse(`${local}+08:00`);
const iso = (ms: number[]): string[] => ms.map((m) => isoInZone(m, TZ));

describe('occurrencesBetween', () => {
  it('should expand daily times on every local day in range', () => {
    const r = occurrencesBetween({ mode: 'times', times: ['07:00', '18:30'] }, at('2026-12-01T00:00:00'), at('2026-12-03T00:00:00'), { timeZone: TZ });
    expect(iso(r)).toEqual(['2026-12-01T07:00:00+08:00', '2026-12-01T18:30:00+08:00', '2026-12-02T07:00:00+08:00', '2026-12-02T18:30:00+08:00']);
  });

  it('should expand a rule with its exclusions and respect the schedule window', () => {
    const slots = { mode: 'rrule' as const, rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=7;BYMINUTE=0', dtstart: '2026-11-30T00:00', exdates: ['2026-12-02T07:00'] };
    const r = occurrencesBetween(slots, at('2026-11-30T00:00:00'), at('2026-12-07T00:00:00'), { timeZone: TZ, windowUntil: at('2026-12-04T00:00:00') });
    expect(iso(r)).toEqual(['2026-11-30T07:00:00+08:00', '2026-12-01T07:00:00+08:00', '2026-12-03T07:00:00+08:00']);
  });

  it('should have no start times for a loop and one for now', () => {
    expect(occurrencesBetween({ mode: 'loop' }, 0, Date.now(), { timeZone: TZ })).toEqual([]);
    expect(occurrencesBetween({ mode: 'now', at: '2026-12-01T01:00:00.000Z' }, at('2026-12-01T00:00:00'), at('2026-12-02T00:00:00'), { timeZone: TZ })).toEqual([
      Date.parse('2026-12-01T01:00:00.000Z'),
    ]);
  });
});

describe('nextOccurrences', () => {
  it('should find the first ten starts, reaching beyond the first week', () => {
    const r = nextOccurrences({ mode: 'rrule', rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0', dtstart: '2026-11-01T00:00' }, at('2026-12-01T12:00:00'), 10, { timeZone: TZ });
    expect(r).toHaveLength(10);
    expect(isoInZone(r[0], TZ)).toBe('2026-12-07T08:00:00+08:00');
    expect(isoInZone(r[9], TZ)).toBe('2027-02-08T08:00:00+08:00');
  });

  it('should stop at a rule that ends', () => {
    const r = nextOccurrences({ mode: 'rrule', rrule: 'FREQ=DAILY;COUNT=3;BYHOUR=12;BYMINUTE=0', dtstart: '2026-12-01T00:00' }, at('2026-11-30T00:00:00'), 10, { timeZone: TZ });
    expect(iso(r)).toEqual(['2026-12-01T12:00:00+08:00', '2026-12-02T12:00:00+08:00', '2026-12-03T12:00:00+08:00']);
  });
});
