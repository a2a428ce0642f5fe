import type { Revision } from '../../common/content-model';

/**
 * Why this user cannot approve the revision, or null. Mirrors the server's rule (server/src/contents/review-policy.ts:
 * nobody approves a revision they wrote, not even an admin) so the button says so before anyone presses it.
 */
export function approveBlockedReason(revision: Pick<Revision, 'authorId' | 'reviewState'>, userId: string | undefined): string | null {
  if (revision.authorId === userId) return '不能审核通过自己撰写的版本（谁起草谁负责，审核须由他人进行）';
  if (revision.reviewState !== 'submitted') return '此版本不在待审核状态';
  return null;
}
