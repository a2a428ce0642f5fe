/**
 * Content reach (pure): which devices aired one content, when first and how often, and which were targeted but
 * did not air it, with the most telling reason known.
 */
export type NotAiredReason = 'withdrawn' | 'quiet-hours' | 'media-missing' | 'overlap' | 'offline' | 'failed' | 'not-reported' | 'not-due';

export const NOT_AIRED_LABELS: Record<NotAiredReason, string> = {
  withdrawn: '内容已撤回',
  'quiet-hours': '静音时段',
  'media-missing': '媒体缺失',
  overlap: '时段冲突',
  offline: '设备离线',
  failed: '播放失败',
  'not-reported': '尚未回传',
  'not-due': '尚未到播出时间',
};

/** Plan rows of the content for one device, aggregated by what decides the reason. */
export interface ReachPlanGroup {
  deviceId: string;
  regionCode: string;
  /** Null: meant to air; else why it was dropped (quiet hours, missing media, overlap, withdrawn). */
  skipReason: string | null;
  outcome: string | null;
  reason: string | null;
  /** Start before now. */
  due: boolean;
  slots: number;
  /** Earliest start in this group. */
  firstAt: Date;
}

export interface ReachAiring {
  deviceId: string;
  regionCode: string;
  /** Completed plays. */
  plays: number;
  firstAt: Date;
  lastAt: Date;
}

export interface ReachDevice {
  deviceId: string;
  regionCode: string;
  /** Slots meant to air and due in the period. */
  planned: number;
  plays: number;
  firstAiredAt: Date | null;
  lastAiredAt: Date | null;
  reason: NotAiredReason | null;
}

export function contentReach(plans: readonly ReachPlanGroup[], airings: readonly ReachAiring[], offlineAt: (deviceId: string, at: Date) => boolean): ReachDevice[] {
  const devices = new Map<string, ReachDevice & { groups: ReachPlanGroup[] }>();
  const get = (deviceId: string, regionCode: string) => {
    let d = devices.get(deviceId);
    if (!d) {
      d = { deviceId, regionCode, planned: 0, plays: 0, firstAiredAt: null, lastAiredAt: null, reason: null, groups: [] };
      devices.set(deviceId, d);
    }
    return d;
  };
  for (const a of airings) {
    const d = get(a.deviceId, a.regionCode);
    // A device that aired it in two villages (moved) is shown where it first aired it.
    if (d.firstAiredAt === null || a.firstAt < d.firstAiredAt) (d.firstAiredAt = a.firstAt), (d.regionCode = a.regionCode);
    if (d.lastAiredAt === null || a.lastAt > d.lastAiredAt) d.lastAiredAt = a.lastAt;
    d.plays += a.plays;
  }
  for (const p of plans) {
    const d = get(p.deviceId, p.regionCode);
    d.groups.push(p);
    if (p.skipReason === null && p.due) d.planned += p.slots;
  }
  return [...devices.values()]
    .map(({ groups, ...d }) => ({ ...d, reason: d.plays > 0 ? null : notAiredReason(d.deviceId, groups, offlineAt) }))
    .sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.deviceId.localeCompare(b.deviceId));
}

/**
 * Why a targeted device has not aired the content: a failure the device reported says most; then the device
 * being offline when its first missed slot came; then slots the server dropped (withdrawal, quiet hours); else
 * it has not reported yet, or its slots are still to come.
 */
export function notAiredReason(deviceId: string, groups: readonly ReachPlanGroup[], offlineAt: (deviceId: string, at: Date) => boolean): NotAiredReason {
  const meant = groups.filter((g) => g.skipReason === null && g.due);
  const failed = meant.filter((g) => g.outcome === 'failed' || g.outcome === 'interrupted');
  if (failed.some((g) => g.reason === 'media-missing')) return 'media-missing';
  const missed = meant.filter((g) => g.outcome === null);
  const firstMissed = missed.reduce<Date | null>((m, g) => (m === null || g.firstAt < m ? g.firstAt : m), null);
  if (firstMissed && offlineAt(deviceId, firstMissed)) return 'offline';
  if (failed.length > 0) return 'failed';
  if (missed.length > 0) return 'not-reported';
  const skipped = groups.filter((g) => g.skipReason !== null);
  for (const reason of ['withdrawn', 'quiet-hours', 'missing-media', 'overlap'] as const) {
    if (skipped.some((g) => g.skipReason === reason)) return reason === 'missing-media' ? 'media-missing' : reason;
  }
  return 'not-due';
}
