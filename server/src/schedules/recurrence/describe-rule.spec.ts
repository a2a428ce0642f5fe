import { describeSlots } from './describe-rule';

const TZ = 'Asia/Shanghai';
const rule = (rrule: string, exdates?: string[]) => describeSlots({ mode: 'rrule', rrule, dtstart: '2026-12-01T00:00', exdates }, TZ);

describe('describeSlots', () => {
  it('should say every workday at 07:00', () => {
    expect(rule('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=7;BYMINUTE=0')).toBe('每个工作日 07:00（自 2026-12-01 起）');
  });

  it('should use the preset label for a preset rule', () => {
    expect(rule('FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0')).toBe('每周一 08:00（自 2026-12-01 起）');
  });

  it('should name ordinal weekdays, months, counts and exclusions', () => {
    expect(rule('FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=9;BYMINUTE=30;COUNT=3', ['2026-12-25T09:30'])).toBe(
      '每月 最后一个星期五 09:30，共 3 次（自 2026-12-01 起，2026-12-25 09:30 除外）',
    );
    expect(rule('FREQ=DAILY;INTERVAL=2;BYHOUR=12;BYMINUTE=0')).toBe('每 2 天 12:00（自 2026-12-01 起）');
  });

  it('should describe daily and one-off times, now and loop', () => {
    expect(describeSlots({ mode: 'times', times: ['07:00', '18:30', '2026-12-24T19:00'] }, TZ)).toBe('每天 07:00、18:30；2026-12-24 19:00 各一次');
    expect(describeSlots({ mode: 'now', at: '2026-12-01T00:00:00Z' }, TZ)).toBe('立即播出一次');
    expect(describeSlots({ mode: 'loop' }, TZ)).toBe('屏幕轮播（开放时段内循环播放）');
  });
});
