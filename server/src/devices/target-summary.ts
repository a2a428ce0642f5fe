import { levelOf, regionChain } from '@sunshine/devices';
import { ScheduleTargets, targetsDevice } from '@sunshine/playlists';

export interface SummaryDevice {
  id: string;
  kind: string;
  regionCode: string;
  tags: string[];
}

export interface TownCount {
  code: string;
  name: string;
  count: number;
}

export interface TargetSummary {
  count: number;
  byKind: Record<string, number>;
  byTown: TownCount[];
}

/** The devices a target set reaches: the same rule the compiler applies (any listed id, region, kind or tag). */
export function reachedDevices<T extends SummaryDevice>(devices: readonly T[], targets: ScheduleTargets): T[] {
  return devices.filter((d) => targetsDevice(targets, { id: d.id, kind: d.kind, regionCodes: regionChain(d.regionCode), tags: d.tags }));
}

/** The town a device sits in (null above town level), for per-town counts. */
export function townOf(regionCode: string): string | null {
  return regionChain(regionCode).find((c) => levelOf(c) === 'town') ?? null;
}

/** Counts per kind and per town; towns in code order, a device above town level under an empty code. */
export function summariseTargets(devices: readonly SummaryDevice[], targets: ScheduleTargets, townNames: ReadonlyMap<string, string>): TargetSummary {
  const reached = reachedDevices(devices, targets);
  const byKind: Record<string, number> = {};
  const towns = new Map<string, number>();
  for (const d of reached) {
    byKind[d.kind] = (byKind[d.kind] ?? 0) + 1;
    const town = townOf(d.regionCode) ?? '';
    towns.set(town, (towns.get(town) ?? 0) + 1);
  }
  const byTown = [...towns.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, count]) => ({ code, name: townNames.get(code) ?? (code === '' ? '（未归属乡镇）' : code), count }));
  return { count: reached.length, byKind, byTown };
}
