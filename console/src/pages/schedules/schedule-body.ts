import type { components } from '../../api/schema';

export type Body = components['schemas']['CreateScheduleDto'];
export type Preview = components['schemas']['SchedulePreview'];
export type Conflict = components['schemas']['ScheduleConflictView'];
export type Kind = 'speaker' | 'tv' | 'led';
export type Mode = 'now' | 'times' | 'weekly' | 'preset' | 'rrule' | 'loop';

export interface FormValues {
  contentId?: string;
  regionCodes?: string[];
  kinds?: Kind[];
  tags?: string[];
  mode: Mode;
  times?: string[];
  weekdays?: string[];
  weeklyTime?: string;
  preset?: string;
  rrule?: string;
  dtstart?: string;
  repeat?: number;
}

export const WEEKDAYS = [
  { value: 'MO', label: '周一' },
  { value: 'TU', label: '周二' },
  { value: 'WE', label: '周三' },
  { value: 'TH', label: '周四' },
  { value: 'FR', label: '周五' },
  { value: 'SA', label: '周六' },
  { value: 'SU', label: '周日' },
];
export const WORKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR'];

export const PRESETS = [
  { value: 'weekdays-0700-1830', label: '工作日 07:00 和 18:30' },
  { value: 'daily-1200-two-weeks', label: '每天 12:00，连续两周' },
  { value: 'quarterly-first-friday-0900', label: '每季度首个周五 09:00' },
  { value: 'mondays-0800', label: '每周一 08:00' },
];

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The request body for the current form, or the reason it is not complete yet (shown instead of a preview).
 * Weekly picks become an RRULE with one time, so the server's plain-Chinese rule text can restate them.
 */
export function buildBody(v: FormValues): { body: Body } | { missing: string } {
  if (!v.contentId) return { missing: '请选择要播出的内容' };
  const targets = {
    ...(v.regionCodes?.length ? { regionCodes: v.regionCodes } : {}),
    ...(v.kinds?.length ? { kinds: v.kinds } : {}),
    ...(v.tags?.length ? { tags: v.tags } : {}),
  };
  if (!targets.regionCodes && !targets.kinds && !targets.tags) return { missing: '请选择播出区域、设备类型或设备标签' };
  const base = { contentId: v.contentId, targets, repeat: v.repeat ?? 1 };
  switch (v.mode) {
    case 'now':
      return { body: { ...base, now: true } };
    case 'loop':
      return { body: { ...base, loop: true } };
    case 'times':
      if (!v.times?.length) return { missing: '请填写播出时刻' };
      return { body: { ...base, times: v.times } };
    case 'preset':
      if (!v.preset) return { missing: '请选择常用规则' };
      return { body: { ...base, preset: v.preset } };
    case 'rrule':
      if (!v.rrule?.trim()) return { missing: '请填写重复规则' };
      return { body: { ...base, rrule: v.rrule.trim(), ...(v.dtstart?.trim() ? { dtstart: v.dtstart.trim() } : {}) } };
    case 'weekly': {
      if (!v.weekdays?.length) return { missing: '请选择星期' };
      if (!v.weeklyTime || !HHMM.test(v.weeklyTime)) return { missing: '请填写播出时刻（如 07:00）' };
      const [h, m] = v.weeklyTime.split(':').map(Number);
      const days = WEEKDAYS.map((d) => d.value).filter((d) => v.weekdays!.includes(d));
      return { body: { ...base, rrule: `FREQ=WEEKLY;BYDAY=${days.join(',')};BYHOUR=${h};BYMINUTE=${m}` } };
    }
  }
}

/** Conflicts come per device and slot; the operator reads them per message with how many devices it hits. */
export function groupConflicts(conflicts: Conflict[]): { kind: Conflict['kind']; message: string; devices: number }[] {
  const groups = new Map<string, { kind: Conflict['kind']; message: string; devices: Set<string> }>();
  for (const c of conflicts) {
    const key = `${c.kind}|${c.message}`;
    const g = groups.get(key) ?? { kind: c.kind, message: c.message, devices: new Set<string>() };
    g.devices.add(c.deviceId);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ kind: g.kind, message: g.message, devices: g.devices.size }));
}
