/** Chinese names for the API's enum values, shared by the pages. */
export const DEVICE_KIND_NAMES: Record<string, string> = { speaker: '喇叭', tv: '电视', led: 'LED 屏' };

export const DEVICE_KIND_OPTIONS = (['speaker', 'tv', 'led'] as const).map((k) => ({ value: k, label: DEVICE_KIND_NAMES[k] }));

export const PRIORITY_NAMES: Record<string, string> = { emergency: '应急', timed: '定时', loop: '轮播' };

export const CONTENT_STATUS_NAMES: Record<string, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已通过',
  rejected: '已退回',
  withdrawn: '已撤回',
};

export const CONFLICT_KIND_NAMES: Record<string, string> = { 'quiet-hours': '静音时段', overlap: '时间重叠', 'missing-media': '缺少媒体' };

export const PLAY_OUTCOME_NAMES: Record<string, string> = { completed: '播完', interrupted: '被打断', failed: '失败' };

/** Bytes as the operator reads them (1.2 GB, 350 MB). */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
