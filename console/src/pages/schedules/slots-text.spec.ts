import { describeSlots } from './slots-text';

describe('describeSlots', () => {
  it('should read saved slots in plain Chinese', () => {
    expect(describeSlots({ mode: 'rrule', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=7;BYMINUTE=0' })).toBe('每个工作日 07:00');
    expect(describeSlots({ mode: 'rrule', rrule: 'FREQ=WEEKLY;BYDAY=MO,SA;BYHOUR=18;BYMINUTE=30' })).toBe('每周一、六 18:30');
    expect(describeSlots({ mode: 'times', times: ['07:00', '2026-12-05T18:30'] })).toBe('每天 07:00、2026-12-05 18:30');
    expect(describeSlots({ mode: 'now', at: '2026-12-04T23:00:00Z' })).toBe('立即播出（2026-12-05 07:00）');
    expect(describeSlots({ mode: 'loop' })).toBe('屏幕轮播（开放时段内循环）');
  });
});
