/** Any region tree node (the console's RegionNode, or a test's). */
export interface ScopeNode<T> {
  value: string;
  children: T[];
}

/**
 * The part of the tree a scoped account may pick: its own region (with everything below) as the only root.
 * A county account (scope null) keeps the whole tree; a scope not in the tree leaves nothing to pick.
 */
export function scopeTree<T extends ScopeNode<T>>(roots: readonly T[], scope: string | null | undefined): T[] {
  if (!scope) return [...roots];
  const find = (nodes: readonly T[]): T | undefined => {
    for (const n of nodes) {
      if (n.value === scope) return n;
      const below = find(n.children);
      if (below) return below;
    }
    return undefined;
  };
  const own = find(roots);
  return own ? [own] : [];
}
