/**
 * Lists answer a bare array, or `{ items, total, page, pageSize }` when asked for a page (GET /api/devices,
 * /api/contents, /api/playlogs): these read either shape, so a page works whichever the server documents.
 */
export interface PageLike<T> {
  items: readonly T[];
  total: number;
}

export function listItems<T>(r: readonly T[] | PageLike<T> | undefined): T[] {
  if (!r) return [];
  return [...(isPage(r) ? r.items : r)];
}

export function listTotal<T>(r: readonly T[] | PageLike<T> | undefined): number {
  if (!r) return 0;
  return isPage(r) ? r.total : r.length;
}

function isPage<T>(r: readonly T[] | PageLike<T>): r is PageLike<T> {
  return !Array.isArray(r);
}
