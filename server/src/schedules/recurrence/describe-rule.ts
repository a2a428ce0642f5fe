/**
 * Plain-Chinese wording of when a schedule airs ("每个工作日 07:00"), for the console's preview. It reads the
 * same parsed rule as the expander (parseRuleText), so what it says and what airs cannot drift apart in syntax.
 */
import { Frequency } from 'rrule';
import type { ScheduleSlotsData } from '../schedule.entity';
import { RECURRENCE_PRESETS } from './presets';
import { parseRuleText, RuleParts } from './rule-text';

const WEEKDAY_NAMES = ['一', '二', '三', '四', '五', '六', '日'];
const UNIT: Partial<Record<Frequency, string>> = {
  [Frequency.YEARLY]: '年',
  [Frequency.MONTHLY]: '个月',
  [Frequency.WEEKLY]: '周',
  [Frequency.DAILY]: '天',
  [Frequency.HOURLY]: '小时',
  [Frequency.MINUTELY]: '分钟',
};

export function describeSlots(slots: ScheduleSlotsData, timeZone: string): string {
  switch (slots.mode) {
    case 'now':
      return '立即播出一次';
    case 'loop':
      return '屏幕轮播（开放时段内循环播放）';
    case 'times': {
      const daily = slots.times.filter((t) => t.length === 5);
      const once = slots.times.filter((t) => t.length > 5).map((t) => t.replace('T', ' '));
      return [daily.length ? `每天 ${daily.join('、')}` : '', once.length ? `${once.join('、')} 各一次` : ''].filter(Boolean).join('；');
    }
    case 'rrule': {
      const body = slots.rrule.trim().replace(/^RRULE:/i, '').toUpperCase();
      const preset = RECURRENCE_PRESETS.find((p) => p.rrule === body);
      const text = preset ? preset.label : describeRule(parseRuleText(slots.rrule, timeZone));
      const from = `自 ${slots.dtstart.slice(0, 10)} 起`;
      const except = slots.exdates?.length ? `，${slots.exdates.map((d) => d.replace('T', ' ')).join('、')} 除外` : '';
      return `${text}（${from}${except}）`;
    }
  }
}

export function describeRule(p: RuleParts): string {
  const parts: string[] = [];
  parts.push(period(p));
  if (p.bymonth) parts.push(p.bymonth.map((m) => `${m}月`).join('、'));
  if (p.bymonthday) parts.push(p.bymonthday.map((d) => (d > 0 ? `${d}日` : `倒数第${-d}天`)).join('、'));
  if (p.byyearday) parts.push(`一年中的第 ${p.byyearday.join('、')} 天`);
  if (p.byweekno) parts.push(`第 ${p.byweekno.join('、')} 周`);
  if (p.byweekday && !isWorkdays(p)) parts.push(weekdays(p));
  const times = timesOfDay(p);
  if (times) parts.push(times);
  let text = parts.filter(Boolean).join(' ');
  if (p.bysetpos) text += `（每周期取第 ${p.bysetpos.join('、')} 次）`;
  if (p.count !== undefined) text += `，共 ${p.count} 次`;
  if (p.until !== undefined) text += `，至 ${new Date(p.until).toISOString().slice(0, 16).replace('T', ' ')}`;
  return text;
}

function period(p: RuleParts): string {
  if (isWorkdays(p) && (p.freq === Frequency.DAILY || p.freq === Frequency.WEEKLY) && p.interval === 1) return '每个工作日';
  if (p.interval === 1) {
    if (p.freq === Frequency.WEEKLY) return '每周';
    if (p.freq === Frequency.DAILY) return '每天';
    if (p.freq === Frequency.MONTHLY) return '每月';
    if (p.freq === Frequency.YEARLY) return '每年';
  }
  const unit = UNIT[p.freq] ?? '';
  return p.interval === 1 ? `每${unit}` : `每 ${p.interval} ${unit}`;
}

function isWorkdays(p: RuleParts): boolean {
  const days = p.byweekday;
  return !!days && days.length === 5 && days.every((d) => d.n === undefined || d.n === null) && [0, 1, 2, 3, 4].every((w) => days.some((d) => d.weekday === w));
}

function weekdays(p: RuleParts): string {
  return (p.byweekday ?? [])
    .map((d) => {
      const name = `星期${WEEKDAY_NAMES[d.weekday]}`;
      if (d.n === undefined || d.n === null) return p.freq === Frequency.WEEKLY ? `周${WEEKDAY_NAMES[d.weekday]}` : name;
      return d.n > 0 ? `第${d.n}个${name}` : `最后${d.n === -1 ? '一' : `第${-d.n}`}个${name}`;
    })
    .join('、');
}

/** "07:00、18:30" for explicit hours/minutes; sub-daily rules without them say nothing more. */
function timesOfDay(p: RuleParts): string {
  if (!p.byhour && !p.byminute) return '';
  if (!p.byhour) return `每小时第 ${p.byminute!.join('、')} 分`;
  const minutes = p.byminute ?? [0];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return p.byhour.flatMap((h) => minutes.map((m) => `${pad(h)}:${pad(m)}`)).join('、');
}
