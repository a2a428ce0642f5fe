/**
 * Reports as documents, for the exporters (CSV, XLSX, PDF): pure mappers from each report's API answer to one
 * neutral shape. Percent values are fractions 0..1; seconds are whole seconds; datetimes are ISO strings.
 */
import { NOT_AIRED_LABELS, type NotAiredReason } from './content-reach';
import type {
  AlertReportResponse,
  AlertsReportResponse,
  AvailabilityReportResponse,
  ContentReachResponse,
  CoverageReportResponse,
} from './reports.response';

export type CellType = 'text' | 'int' | 'percent' | 'seconds' | 'datetime';
export interface ReportColumn { key: string; title: string; type: CellType }
export interface ReportTable { title: string; columns: ReportColumn[]; rows: Array<Record<string, string | number | null>>;
  totals?: Record<string, string | number | null>; flagged?: boolean[] }   // percent values are fractions 0..1
export interface ReportChart { kind: 'bar' | 'line'; title: string; categories: string[]; series: Array<{ name: string; values: number[] }> }
export interface ReportDocument { title: string; unit: string; periodLabel: string; generatedAt: string; summary: string[];
  tables: ReportTable[]; charts: ReportChart[] }

const iso = (d: Date | string | null): string | null => (d === null ? null : typeof d === 'string' ? d : d.toISOString());
const pct = (x: number | null): string => (x === null ? '—' : `${(Math.round(x * 1000) / 10).toFixed(1)}%`);
const reasonsText = (r: Record<string, number>): string =>
  Object.entries(r)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${NOT_AIRED_LABELS[k as NotAiredReason] ?? k} ${n}`)
    .join('；');

const LEVEL_NAME: Record<string, string> = { province: '省', city: '市', county: '县（区）', town: '乡镇', village: '村（社区）' };

export function coverageDocument(r: CoverageReportResponse, unit: string): ReportDocument {
  const unitTitle = r.groupBy === 'device' ? '设备' : (LEVEL_NAME[childLevel(r.region.level)] ?? '区划');
  const columns: ReportColumn[] = [
    { key: 'name', title: unitTitle, type: 'text' },
    { key: 'devices', title: '设备数', type: 'int' },
    { key: 'planned', title: '计划播出', type: 'int' },
    { key: 'aired', title: '完整播出', type: 'int' },
    { key: 'completion', title: '完成率', type: 'percent' },
    { key: 'airtimeSeconds', title: '播出时长', type: 'seconds' },
    { key: 'interrupted', title: '中断', type: 'int' },
    { key: 'failed', title: '失败', type: 'int' },
    { key: 'failedByReason', title: '失败原因', type: 'text' },
    { key: 'notReported', title: '未回传', type: 'int' },
    { key: 'onlineShare', title: '在线率', type: 'percent' },
  ];
  const row = (x: CoverageReportResponse['totals'], name: string) => ({
    name,
    devices: x.devices,
    planned: x.planned,
    aired: x.aired,
    completion: x.completion,
    airtimeSeconds: x.airtimeSeconds,
    interrupted: x.interrupted,
    failed: x.failed,
    failedByReason: reasonsText(x.failedByReason),
    notReported: x.notReported,
    onlineShare: x.onlineShare,
  });
  const below = r.rows.filter((x) => x.flagged).map((x) => x.name);
  const t = r.totals;
  const summary = [
    `${r.period.label}，${r.region.name}共 ${t.devices} 台设备计划播出 ${t.planned} 次，完整播出 ${t.aired} 次，完成率 ${pct(t.completion)}，播出时长 ${Math.round(t.airtimeSeconds / 60)} 分钟。`,
    below.length > 0
      ? `完成率低于 ${pct(r.threshold)} 的${unitTitle}（${below.length} 个）：${below.join('、')}。`
      : `各${unitTitle}完成率均达到 ${pct(r.threshold)}。`,
  ];
  if (t.notReported > 0) summary.push(`另有 ${t.notReported} 次计划播出尚未回传播放记录。`);
  return {
    title: `${r.region.name}${r.title}`,
    unit,
    periodLabel: r.period.label,
    generatedAt: iso(r.generatedAt)!,
    summary,
    tables: [{ title: `按${unitTitle}统计`, columns, rows: r.rows.map((x) => row(x, x.name)), totals: row(t, '合计'), flagged: r.rows.map((x) => x.flagged) }],
    charts: [
      {
        kind: 'bar',
        title: `各${unitTitle}完成率`,
        categories: r.rows.map((x) => x.name),
        series: [{ name: '完成率', values: r.rows.map((x) => x.completion ?? 0) }],
      },
    ],
  };
}

export function contentReachDocument(r: ContentReachResponse, unit: string): ReportDocument {
  const device: ReportColumn[] = [
    { key: 'regionName', title: '村（社区）', type: 'text' },
    { key: 'deviceName', title: '设备', type: 'text' },
    { key: 'planned', title: '计划播出', type: 'int' },
    { key: 'plays', title: '播出次数', type: 'int' },
    { key: 'firstAiredAt', title: '首次播出', type: 'datetime' },
  ];
  const s = r.summary;
  return {
    title: `《${r.content.title}》${r.title}`,
    unit,
    periodLabel: r.period.label,
    generatedAt: iso(r.generatedAt)!,
    summary: [
      `${r.period.label}，${r.region.name}计划或已播出该内容的设备 ${s.targetedDevices} 台，已播出 ${s.airedDevices} 台（${s.airedVillages}/${s.villages} 个村），共播出 ${s.plays} 次。`,
      ...(r.notAired.length > 0 ? [`未播出 ${r.notAired.length} 台：${r.notAired.map((d) => `${d.regionName}${d.deviceName}（${d.reasonLabel}）`).join('、')}。`] : []),
    ],
    tables: [
      {
        title: '按村统计',
        columns: [
          { key: 'name', title: '村（社区）', type: 'text' },
          { key: 'targetedDevices', title: '设备数', type: 'int' },
          { key: 'airedDevices', title: '已播出设备', type: 'int' },
          { key: 'plays', title: '播出次数', type: 'int' },
          { key: 'firstAiredAt', title: '首次播出', type: 'datetime' },
        ],
        rows: r.villages.map((v) => ({ name: v.name, targetedDevices: v.targetedDevices, airedDevices: v.airedDevices, plays: v.plays, firstAiredAt: iso(v.firstAiredAt) })),
        flagged: r.villages.map((v) => v.airedDevices < v.targetedDevices),
      },
      { title: '已播出的设备', columns: device, rows: r.aired.map((d) => ({ regionName: d.regionName, deviceName: d.deviceName, planned: d.planned, plays: d.plays, firstAiredAt: iso(d.firstAiredAt) })) },
      {
        title: '未播出的设备',
        columns: [...device.slice(0, 3), { key: 'reason', title: '原因', type: 'text' }],
        rows: r.notAired.map((d) => ({ regionName: d.regionName, deviceName: d.deviceName, planned: d.planned, reason: d.reasonLabel })),
      },
    ],
    charts: [],
  };
}

const ALERT_COLUMNS: ReportColumn[] = [
  { key: 'targeted', title: '覆盖设备', type: 'int' },
  { key: 'received', title: '已收到', type: 'int' },
  { key: 'played', title: '已播放', type: 'int' },
  { key: 'succeeded', title: '成功', type: 'int' },
  { key: 'failed', title: '失败', type: 'int' },
  { key: 'cancelled', title: '取消', type: 'int' },
  { key: 'firstPlaybackSeconds', title: '首台开播', type: 'seconds' },
  { key: 'medianPlaybackSeconds', title: '中位开播', type: 'seconds' },
  { key: 'lastPlaybackSeconds', title: '末台开播', type: 'seconds' },
  { key: 'ackShare', title: '回执率', type: 'percent' },
];
type Figures = AlertsReportResponse['totals'];
const figures = (f: Figures) => Object.fromEntries(ALERT_COLUMNS.map((c) => [c.key, f[c.key as keyof Figures]]));

export function alertsDocument(r: AlertsReportResponse, unit: string): ReportDocument {
  const t = r.totals;
  return {
    title: `${r.region.name}${r.title}`,
    unit,
    periodLabel: r.period.label,
    generatedAt: iso(r.generatedAt)!,
    summary: [
      `${r.period.label}共发布应急广播 ${r.rows.length} 次，覆盖设备 ${t.targeted} 台次，播放成功 ${t.succeeded} 台次，回执率 ${pct(t.ackShare)}。`,
      t.medianPlaybackSeconds === null ? '尚无设备开始播放。' : `从发出到开始播放：中位 ${t.medianPlaybackSeconds} 秒，最慢 ${t.lastPlaybackSeconds} 秒。`,
    ],
    tables: [
      {
        title: '各次应急广播',
        columns: [{ key: 'alertTitle', title: '标题', type: 'text' }, { key: 'sentAt', title: '发出时间', type: 'datetime' }, ...ALERT_COLUMNS],
        rows: r.rows.map((a) => ({ alertTitle: a.alertTitle, sentAt: iso(a.sentAt), ...figures(a) })),
        totals: { alertTitle: '合计', sentAt: null, ...figures(t) },
      },
    ],
    charts: [],
  };
}

export function alertDocument(r: AlertReportResponse, unit: string): ReportDocument {
  return {
    title: `应急广播《${r.alert.alertTitle}》报表`,
    unit,
    periodLabel: iso(r.alert.sentAt)!,
    generatedAt: iso(r.generatedAt)!,
    summary: [`覆盖设备 ${r.totals.targeted} 台，播放成功 ${r.totals.succeeded} 台，回执率 ${pct(r.totals.ackShare)}。`],
    tables: [
      {
        title: '按乡镇',
        columns: [{ key: 'name', title: '乡镇', type: 'text' }, ...ALERT_COLUMNS],
        rows: r.towns.map((x) => ({ name: x.name, ...figures(x) })),
        totals: { name: '合计', ...figures(r.totals) },
      },
    ],
    charts: [{ kind: 'bar', title: '各乡镇中位开播时间（秒）', categories: r.towns.map((x) => x.name), series: [{ name: '中位开播', values: r.towns.map((x) => x.medianPlaybackSeconds ?? 0) }] }],
  };
}

export function availabilityDocument(r: AvailabilityReportResponse, unit: string): ReportDocument {
  const unitTitle = r.groupBy === 'device' ? '设备' : (LEVEL_NAME[childLevel(r.region.level)] ?? '区划');
  return {
    title: `${r.region.name}${r.title}`,
    unit,
    periodLabel: r.period.label,
    generatedAt: iso(r.generatedAt)!,
    summary: [`${r.period.label}，${r.region.name}共 ${r.totals.devices} 台设备，平均在线率 ${pct(r.totals.onlineShare)}，离线 ${r.totals.outages} 次。`],
    tables: [
      {
        title: `按${unitTitle}统计`,
        columns: [
          { key: 'name', title: unitTitle, type: 'text' },
          { key: 'devices', title: '设备数', type: 'int' },
          { key: 'onlineShare', title: '在线率', type: 'percent' },
          { key: 'outages', title: '离线次数', type: 'int' },
          { key: 'outageSeconds', title: '离线时长', type: 'seconds' },
        ],
        rows: r.rows.map((x) => ({ name: x.name, devices: x.devices, onlineShare: x.onlineShare, outages: x.outages, outageSeconds: x.outageSeconds })),
        totals: { name: '合计', devices: r.totals.devices, onlineShare: r.totals.onlineShare, outages: r.totals.outages, outageSeconds: r.totals.outageSeconds },
      },
      {
        title: '离线清单',
        columns: [
          { key: 'regionName', title: '村（社区）', type: 'text' },
          { key: 'deviceName', title: '设备', type: 'text' },
          { key: 'from', title: '离线开始', type: 'datetime' },
          { key: 'until', title: '恢复在线', type: 'datetime' },
          { key: 'seconds', title: '离线时长', type: 'seconds' },
        ],
        rows: r.outages.map((o) => ({ regionName: o.regionName, deviceName: o.deviceName, from: iso(o.from), until: iso(o.until), seconds: o.seconds })),
      },
    ],
    charts: [],
  };
}

function childLevel(level: string): string {
  return { province: 'city', city: 'county', county: 'town', town: 'village' }[level] ?? 'village';
}
