import { buildBody, groupConflicts, type Conflict, type FormValues } from './schedule-body';

const base: FormValues = { contentId: 'c1', regionCodes: ['510811100000'], mode: 'weekly', weekdays: ['MO', 'TU', 'WE', 'TH', 'FR'], weeklyTime: '07:00', repeat: 1 };

describe('buildBody', () => {
  it('should turn weekday picks and one time into a weekly RRULE in calendar order', () => {
    expect(buildBody({ ...base, weekdays: ['FR', 'MO'], weeklyTime: '23:05' })).toEqual({
      body: { contentId: 'c1', targets: { regionCodes: ['510811100000'] }, repeat: 1, rrule: 'FREQ=WEEKLY;BYDAY=MO,FR;BYHOUR=23;BYMINUTE=5' },
    });
  });

  it('should say what is missing instead of building a body', () => {
    expect(buildBody({ ...base, contentId: undefined })).toEqual({ missing: '请选择要播出的内容' });
    expect(buildBody({ ...base, regionCodes: [] })).toEqual({ missing: '请选择播出区域、设备类型或设备标签' });
    expect(buildBody({ ...base, weeklyTime: '7:00' })).toEqual({ missing: '请填写播出时刻（如 07:00）' });
    expect(buildBody({ ...base, mode: 'times', times: [] })).toEqual({ missing: '请填写播出时刻' });
  });

  it('should accept kinds or tags alone as targets, and pass the other modes through', () => {
    expect(buildBody({ ...base, regionCodes: undefined, kinds: ['speaker'], mode: 'now' })).toEqual({ body: { contentId: 'c1', targets: { kinds: ['speaker'] }, repeat: 1, now: true } });
    expect(buildBody({ ...base, mode: 'preset', preset: 'mondays-0800' })).toMatchObject({ body: { preset: 'mondays-0800' } });
    expect(buildBody({ ...base, mode: 'rrule', rrule: ' FREQ=DAILY;BYHOUR=12 ', dtstart: '' })).toMatchObject({ body: { rrule: 'FREQ=DAILY;BYHOUR=12' } });
    expect(buildBody({ ...base, mode: 'loop', repeat: 2 })).toMatchObject({ body: { loop: true, repeat: 2 } });
  });
});

describe('groupConflicts', () => {
  it('should count distinct devices per message', () => {
    const c = (deviceId: string, message: string, kind: Conflict['kind'] = 'quiet-hours'): Conflict => ({ kind, slotId: 's', scheduleId: 'x', message, deviceId });
    expect(groupConflicts([c('a', 'm1'), c('b', 'm1'), c('a', 'm1'), c('a', 'm2', 'overlap')])).toEqual([
      { kind: 'quiet-hours', message: 'm1', devices: 2 },
      { kind: 'overlap', message: 'm2', devices: 1 },
    ]);
  });
});
