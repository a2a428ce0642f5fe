import type { components } from '../api/schema';

export type Region = components['schemas']['RegionResponse'];

export interface RegionNode {
  title: string;
  value: string;
  key: string;
  level: Region['level'];
  children: RegionNode[];
}

/**
 * County → town → village tree. Roots are the regions whose parent is not in the list (the county), or the
 * given scope region when the user may only reach part of the county.
 */
export function buildRegionTree(regions: Region[], scope?: string): RegionNode[] {
  const nodes = new Map<string, RegionNode>();
  for (const r of regions) nodes.set(r.code, { title: r.name, value: r.code, key: r.code, level: r.level, children: [] });
  const roots: RegionNode[] = [];
  for (const r of regions) {
    const node = nodes.get(r.code)!;
    const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  for (const n of nodes.values()) n.children.sort((a, b) => a.value.localeCompare(b.value));
  if (scope) {
    const root = nodes.get(scope);
    return root ? [root] : [];
  }
  // Provinces and cities above the county carry no devices of their own: start at the first level with siblings.
  let top = roots;
  while (top.length === 1 && top[0].children.length > 0 && (top[0].level === 'province' || top[0].level === 'city')) top = top[0].children;
  return top;
}
