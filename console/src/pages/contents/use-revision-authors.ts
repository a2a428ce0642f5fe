import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client';

/**
 * Who wrote each revision (user name by revision id), from GET /api/contents/{id}/revisions. Names are a
 * courtesy: while they load, or if the request fails, pages fall back to 本人/其他用户.
 */
export function useRevisionAuthors(contentId: string, reloadKey?: unknown): Map<string, string> {
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    unwrap(api.GET('/api/contents/{id}/revisions', { params: { path: { id: contentId } } }))
      .then((rows) => live && setNames(new Map(rows.filter((r) => r.authorName).map((r) => [r.id, r.authorName!]))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [contentId, reloadKey]);
  return names;
}

/** 本人 for the signed-in user's own revisions, else the author's name when known. */
export function authorLabel(authorId: string, revisionId: string, userId: string | undefined, names: Map<string, string>): string {
  if (authorId === userId) return '本人';
  return names.get(revisionId) ?? '其他用户';
}
