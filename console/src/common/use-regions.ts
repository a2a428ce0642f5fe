import { useMemo } from 'react';
import { api, unwrap } from '../api/client';
import { useAuth } from '../auth/auth-context';
import { scopeTree } from './region-scope';
import { usePolling } from './use-polling';

export interface Region {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

export interface RegionNode {
  title: string;
  value: string;
  key: string;
  level: string;
  children: RegionNode[];
}

/** Builds the county → town → village tree from the flat list (children in code order). */
export function regionTree(regions: readonly Region[]): RegionNode[] {
  const nodes = new Map(regions.map((r) => [r.code, { title: r.name, value: r.code, key: r.code, level: r.level, children: [] as RegionNode[] }]));
  const roots: RegionNode[] = [];
  for (const r of [...regions].sort((a, b) => a.code.localeCompare(b.code))) {
    const node = nodes.get(r.code)!;
    const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The region list once per page, with a name lookup and the tree. */
export function useRegions() {
  const polled = usePolling(async () => (await unwrap(api.GET('/api/regions'))) as unknown as Region[], 0);
  const regions = polled.data;
  const scope = useAuth().user?.scopeRegionCode ?? null;
  return useMemo(() => {
    const list = regions ?? [];
    const names = new Map(list.map((r) => [r.code, r.name]));
    return { regions: list, tree: scopeTree(regionTree(list), scope), fullTree: regionTree(list), nameOf: (code: string | null | undefined) => (code ? (names.get(code) ?? code) : '—'), loading: polled.loading, error: polled.error };
  }, [regions, scope, polled.loading, polled.error]);
}
