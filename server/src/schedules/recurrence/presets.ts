/**
 * The recurrence presets the console offers. Each starts its series at local midnight of the chosen start date
 * and names its times explicitly, so nothing depends on DTSTART's time of day.
 */
import type { RecurrenceSpec } from './recurrence';

export type RecurrencePresetId = 'weekdays-0700-1830' | 'daily-1200-two-weeks' | 'quarterly-first-friday-0900' | 'mondays-0800';

export interface RecurrencePreset {
  id: RecurrencePresetId;
  /** Chinese, shown in the console. */
  label: string;
  rrule: string;
}

export const RECURRENCE_PRESETS: readonly RecurrencePreset[] = Object.freeze([
  {
    id: 'weekdays-0700-1830',
    label: '工作日 07:00 和 18:30',
    // BYHOUR × BYMINUTE is a cross product (07:00, 07:30, 18:00, 18:30); BYSETPOS keeps the 1st and 4th of each day.
    rrule: 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=7,18;BYMINUTE=0,30;BYSETPOS=1,4',
  },
  { id: 'daily-1200-two-weeks', label: '每天 12:00，持续两周', rrule: 'FREQ=DAILY;COUNT=14;BYHOUR=12;BYMINUTE=0' },
  {
    id: 'quarterly-first-friday-0900',
    label: '每季度第一个星期五 09:00',
    // YEARLY with BYMONTH reads 1FR within each listed month, whatever month the series starts in
    // (FREQ=MONTHLY;INTERVAL=3 would depend on starting in a quarter's first month).
    rrule: 'FREQ=YEARLY;BYMONTH=1,4,7,10;BYDAY=1FR;BYHOUR=9;BYMINUTE=0',
  },
  { id: 'mondays-0800', label: '每周一 08:00', rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0' },
]);

/** The preset's spec for a series starting on local date `startDate` ('YYYY-MM-DD'); undefined for an unknown id. */
export function buildPresetRecurrence(id: string, startDate: string): RecurrenceSpec | undefined {
  const preset = RECURRENCE_PRESETS.find((p) => p.id === id);
  return preset && { rrule: preset.rrule, dtstart: `${startDate}T00:00` };
}
