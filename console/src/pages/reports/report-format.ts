/** Pure helpers of the 报表 page: numbers as an accountability report prints them, and the URL state. */

export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'custom';

export const PERIOD_OPTIONS: Array<{ value: PeriodKind; label: string }> = [
  { value: 'day', label: '日' },
  { value: 'week', label: '周' },
  { value: 'month', label: '月' },
  { value: 'quarter', label: '季度' },
  { value: 'year', label: '年' },
  { value: 'custom', label: '自定义' },
];

export const CATEGORY_OPTIONS = [
  { value: 'notice', label: '通知公告' },
  { value: 'interpretation', label: '政策解读' },
  { value: 'alert', label: '应急广播' },
] as const;

/** The play logs' failure reasons as the operator reads them (unknown ones are shown as sent). */
export const FAILURE_REASON_NAMES: Record<string, string> = {
  'media-missing': '媒体缺失',
  'decode-error': '解码失败',
  'output-error': '输出故障',
  'quiet-hours': '静音时段',
  offline: '设备离线',
};

/** A 0..1 fraction as a percentage with one decimal ("—" when there is nothing to divide). */
export function percent(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}

/** Seconds as 时/分/秒 — airtime and outages run from seconds to days. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return m > 0 ? `${h} 小时 ${m} 分` : `${h} 小时`;
  if (m > 0) return r > 0 ? `${m} 分 ${r} 秒` : `${m} 分`;
  return `${r} 秒`;
}

/** Failures by reason, e.g. "媒体缺失 2；离线 1", in a stable order. */
export function reasonsText(byReason: Record<string, number> | null | undefined): string {
  const entries = Object.entries(byReason ?? {}).filter(([, n]) => n > 0);
  if (entries.length === 0) return '—';
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${FAILURE_REASON_NAMES[k] ?? k} ${n}`)
    .join('；');
}

/**
 * The console address of a device row's play logs, from the API path the coverage report gives
 * (`/api/playlogs?deviceId=…&from=…&to=…&page=1&pageSize=50`): the play-log page reads the same filter names.
 */
export function playLogsPageLink(apiPath: string | null | undefined): string | null {
  if (!apiPath) return null;
  const q = apiPath.indexOf('?');
  const params = new URLSearchParams(q >= 0 ? apiPath.slice(q + 1) : '');
  params.delete('page');
  params.delete('pageSize');
  return `/playlogs?${params.toString()}`;
}

export interface PeriodFilter {
  period: PeriodKind;
  date?: string;
  from?: string;
  to?: string;
  regionCode?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const REGION = /^\d{12}$/;

/** The period and region from the address; anything malformed is dropped so the server's defaults apply. */
export function periodFilterOf(params: URLSearchParams): PeriodFilter {
  const kind = params.get('period') as PeriodKind | null;
  const day = (k: string) => {
    const v = params.get(k);
    return v && DAY.test(v) ? v : undefined;
  };
  const region = params.get('regionCode');
  const out: PeriodFilter = { period: PERIOD_OPTIONS.some((o) => o.value === kind) ? kind! : 'month' };
  if (out.period === 'custom') {
    out.from = day('from');
    out.to = day('to');
  } else out.date = day('date');
  if (region && REGION.test(region)) out.regionCode = region;
  return out;
}

/** The threshold in the address is a percentage (90); the API wants a fraction (0.9). */
export function thresholdOf(params: URLSearchParams): number | undefined {
  const raw = params.get('threshold');
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n / 100 : undefined;
}

/** The chain of regions from the report's root down to `code` (for the drill-down breadcrumb). */
export function regionChain<R extends { code: string; parentCode: string | null }>(regions: readonly R[], code: string | undefined): R[] {
  if (!code) return [];
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const chain: R[] = [];
  const seen = new Set<string>();
  let cur = byCode.get(code);
  while (cur && !seen.has(cur.code)) {
    seen.add(cur.code);
    chain.unshift(cur);
    cur = cur.parentCode ? byCode.get(cur.parentCode) : undefined;
  }
  return chain;
}

/** Rows ranked by completion for the chart: best first, rows with nothing planned last. */
export function rankByCompletion<T extends { name: string; completion: number | null }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (b.completion ?? -1) - (a.completion ?? -1) || a.name.localeCompare(b.name, 'zh-CN'));
}
