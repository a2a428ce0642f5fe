/** What makes a device worth an operator's look on the dashboard. Pure; thresholds are the console's. */
export type DeviceProblem = 'offline-1h' | 'failed-plays' | 'clock-offset' | 'cache-full';

export const OFFLINE_PROBLEM_MS = 60 * 60_000;
export const FAILED_PLAY_WINDOW_MS = 24 * 60 * 60_000;
export const CLOCK_OFFSET_LIMIT_MS = 5_000;
export const CACHE_FULL_SHARE = 0.95;
/**
 * Agents do not report their cache quota, only its use; this is the agent's default quota
 * (player-agent DEFAULT_CACHE_QUOTA_BYTES), which a device started with --cache-quota may differ from.
 */
export const ASSUMED_CACHE_QUOTA_BYTES = 2 * 1024 ** 3;

export interface DeviceHealthInput {
  online: boolean;
  lastSeenAt: Date | null;
  createdAt: Date;
  clockOffsetMs: number | null;
  cacheBytes: number | null;
  /** Failed plays in the last 24 h. */
  failedPlays: number;
}

export function deviceProblems(d: DeviceHealthInput, nowMs: number, quotaBytes = ASSUMED_CACHE_QUOTA_BYTES): { problems: DeviceProblem[]; detail: string } {
  const problems: DeviceProblem[] = [];
  const details: string[] = [];
  // A device never heard from counts from its registration.
  const silentSince = (d.lastSeenAt ?? d.createdAt).getTime();
  if (!d.online && nowMs - silentSince > OFFLINE_PROBLEM_MS) {
    problems.push('offline-1h');
    details.push(d.lastSeenAt ? `已离线 ${duration(nowMs - silentSince)}` : `登记后 ${duration(nowMs - silentSince)} 从未上线`);
  }
  if (d.failedPlays > 0) {
    problems.push('failed-plays');
    details.push(`近 24 小时有 ${d.failedPlays} 次播放失败`);
  }
  if (d.clockOffsetMs !== null && Math.abs(d.clockOffsetMs) > CLOCK_OFFSET_LIMIT_MS) {
    problems.push('clock-offset');
    details.push(`设备时钟${d.clockOffsetMs > 0 ? '快' : '慢'} ${(Math.abs(d.clockOffsetMs) / 1000).toFixed(1)} 秒`);
  }
  if (d.cacheBytes !== null && d.cacheBytes >= CACHE_FULL_SHARE * quotaBytes) {
    problems.push('cache-full');
    details.push(`媒体缓存已用 ${Math.round((d.cacheBytes / quotaBytes) * 100)}%`);
  }
  return { problems, detail: details.join('；') };
}

function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} 小时${minutes % 60 ? ` ${minutes % 60} 分钟` : ''}`;
  return `${Math.floor(hours / 24)} 天`;
}
