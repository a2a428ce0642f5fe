import type { components } from '../../api/schema';
import { formatDateTime } from '../../common/time';

type Slots = components['schemas']['ScheduleResponse']['slots'];

const WEEKDAY_NAMES: Record<string, string> = { MO: '一', TU: '二', WE: '三', TH: '四', FR: '五', SA: '六', SU: '日' };

/** A short Chinese description of a saved schedule's slots (the full rule text is shown in the form's preview). */
export function describeSlots(s: Slots): string {
  if (s.mode === 'now') return `立即播出（${formatDateTime(s.at)}）`;
  if (s.mode === 'loop') return '屏幕轮播（开放时段内循环）';
  if (s.mode === 'times') return (s.times ?? []).map((t) => (t.includes('T') ? t.replace('T', ' ') : `每天 ${t}`)).join('、');
  const rule = s.rrule ?? '';
  const days = /BYDAY=([A-Z,]+)/.exec(rule)?.[1];
  const hour = /BYHOUR=(\d+)/.exec(rule)?.[1];
  const minute = /BYMINUTE=(\d+)/.exec(rule)?.[1] ?? '0';
  const at = hour !== undefined ? ` ${hour.padStart(2, '0')}:${minute.padStart(2, '0')}` : '';
  if (days === 'MO,TU,WE,TH,FR') return `每个工作日${at}`;
  if (days && /FREQ=WEEKLY/.test(rule)) return `每周${days.split(',').map((d) => WEEKDAY_NAMES[d] ?? d).join('、')}${at}`;
  if (/FREQ=DAILY/.test(rule)) return `每天${at}`;
  return rule;
}
