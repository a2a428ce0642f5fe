import { api, unwrap } from '../api/client';
import { buildRegionTree, type Region, type RegionNode } from './region-tree';

export { buildRegionTree, type Region, type RegionNode };

// Regions change only when an administrator edits the county: one request per page load is enough.
let cached: Promise<Region[]> | null = null;

export function loadRegions(): Promise<Region[]> {
  cached ??= unwrap(api.GET('/api/regions')).catch((err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
}

export function regionName(regions: Region[] | undefined, code: string): string {
  return regions?.find((r) => r.code === code)?.name ?? code;
}
