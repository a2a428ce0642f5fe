import { formatPercent } from './cell-format';

/** One town or village as the summary needs it. */
export interface SummaryUnit {
  name: string;
  level: 'town' | 'village';
  planned: number;
  aired: number;
}

/** Emergency broadcasts of the period, as the alert report totals them. */
export interface SummaryAlerts {
  /** Alerts sent in the period. */
  count: number;
  devicesTargeted: number;
  /** Targeted devices that started playing the alert. */
  devicesPlayed: number;
  /** Seconds from sending to first playback start, median over devices that played; null when none did. */
  medianSeconds: number | null;
  /** The slowest device's seconds from sending to playback start; null when none played. */
  maxSeconds: number | null;
  /** The timeliness target (seconds) and how many devices met it. */
  targetSeconds: number;
  withinTarget: number;
}

/** What the 通报's summary paragraphs are written from. */
export interface QuarterlySummaryInput {
  /** Issuing unit's area, e.g. 栖凤区 or 青莲镇. */
  regionName: string;
  periodLabel: string;
  devices: number;
  planned: number;
  aired: number;
  airtimeSeconds: number;
  /** 合格线 as a fraction (0.9). */
  threshold: number;
  /** The towns and villages below the issuing area (the summary names those below the bar). */
  units: SummaryUnit[];
  alerts: SummaryAlerts | null;
}

/** Completion rate, or null when nothing was planned (a rate of 0/0 is not 0 %). */
export function completionRate(planned: number, aired: number): number | null {
  return planned > 0 ? aired / planned : null;
}

/**
 * The Chinese summary of a quarterly 通报: scope and totals, completion rate against the bar, the towns and
 * villages below it by name (worst first, as a 通报 reads), and alert timeliness. Pure, so it is table-tested.
 */
export function quarterlySummary(input: QuarterlySummaryInput): string[] {
  const bar = formatPercent(input.threshold);
  const rate = completionRate(input.planned, input.aired);
  const paragraphs: string[] = [];

  const scope = `${input.periodLabel}，${input.regionName}共有 ${input.devices} 台播出终端纳入统计`;
  if (rate === null) {
    paragraphs.push(`${scope}，本期没有安排播出计划。`);
  } else {
    const verdict = rate >= input.threshold ? '达到' : '未达到';
    paragraphs.push(
      `${scope}，计划播出 ${input.planned} 次，实际播出 ${input.aired} 次，累计播出时长 ${hoursText(input.airtimeSeconds)}，` +
        `完成率 ${formatPercent(rate)}，${verdict}${bar}的合格线。`,
    );
  }

  const below = (level: SummaryUnit['level']) =>
    input.units
      .filter((u) => u.level === level && u.planned > 0 && u.aired / u.planned < input.threshold)
      .sort((a, b) => a.aired / a.planned - b.aired / b.planned || a.name.localeCompare(b.name, 'zh-Hans-CN'));
  const towns = below('town');
  const villages = below('village');
  const rated = input.units.filter((u) => u.planned > 0);
  if (rated.length > 0) {
    if (towns.length === 0 && villages.length === 0) {
      paragraphs.push(`各乡镇、村完成率均达到${bar}以上。`);
    } else {
      const parts: string[] = [];
      if (towns.length > 0) parts.push(`乡镇 ${towns.length} 个：${names(towns)}`);
      if (villages.length > 0) parts.push(`村 ${villages.length} 个：${names(villages)}`);
      paragraphs.push(`完成率低于${bar}的有${parts.join('；')}。请相关单位查明原因，限期整改，并于下期通报前报送整改情况。`);
    }
  }

  paragraphs.push(alertsText(input.alerts));
  return paragraphs;
}

function names(units: SummaryUnit[]): string {
  return units.map((u) => `${u.name}（${formatPercent(u.aired / u.planned)}）`).join('、');
}

function alertsText(alerts: SummaryAlerts | null): string {
  if (!alerts || alerts.count === 0) return '本期未发布应急广播。';
  const head = `本期发布应急广播 ${alerts.count} 次，覆盖终端 ${alerts.devicesTargeted} 台次`;
  if (alerts.devicesPlayed === 0 || alerts.medianSeconds === null || alerts.maxSeconds === null) return `${head}，均未收到播出回执。`;
  const played = alerts.devicesTargeted > 0 ? `（${formatPercent(alerts.devicesPlayed / alerts.devicesTargeted)}）` : '';
  const timely = formatPercent(alerts.withinTarget / alerts.devicesTargeted);
  return (
    `${head}，已播出 ${alerts.devicesPlayed} 台次${played}；从发布到开始播出的中位用时 ${secondsText(alerts.medianSeconds)}，` +
    `最长 ${secondsText(alerts.maxSeconds)}；${secondsText(alerts.targetSeconds)}内播出 ${alerts.withinTarget} 台次，及时率 ${timely}。`
  );
}

/** 45 → "45 秒", 150 → "2 分 30 秒", 3600 → "60 分": alert delays are short, minutes and seconds read best. */
export function secondsText(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} 秒`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m} 分钟` : `${m} 分 ${s % 60} 秒`;
}

/** Airtime for a quarter reads in hours: "1234.5 小时"; under an hour, in minutes. */
export function hoursText(seconds: number): string {
  if (seconds < 3600) return `${Math.round(seconds / 60)} 分钟`;
  return `${(Math.round(seconds / 360) / 10).toFixed(1)} 小时`;
}
