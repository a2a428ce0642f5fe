import type { Role } from '../auth/user.entity';
import { hasAnyRole } from '../auth/roles';
import type { ReviewState } from './revision.entity';

export type ReviewAction = 'submit' | 'approve' | 'reject';

export type ReviewDecision = { ok: true; next: ReviewState } | { ok: false; reason: 'role' | 'self-approval' | 'state'; message: string };

const FROM: Record<ReviewAction, ReviewState[]> = {
  submit: ['draft'],
  approve: ['submitted'],
  reject: ['submitted'],
};
const TO: Record<ReviewAction, ReviewState> = { submit: 'submitted', approve: 'approved', reject: 'rejected' };
const LABEL: Record<ReviewState, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已通过',
  rejected: '已驳回',
  superseded: '已被新版本取代',
  withdrawn: '已撤回',
};

/**
 * Who may move a revision where (谁起草谁负责, 保密审查): editors submit, reviewers approve or reject, and
 * nobody — not even an admin — approves a revision they wrote.
 */
export function decideReview(
  action: ReviewAction,
  revision: { reviewState: ReviewState; authorId: string },
  actor: { id: string; roles: readonly Role[] },
): ReviewDecision {
  const needed: Role[] = action === 'submit' ? ['editor'] : ['reviewer'];
  if (!hasAnyRole(actor.roles, needed)) {
    return { ok: false, reason: 'role', message: action === 'submit' ? '只有编辑可以提交审核' : '只有审核员可以审核内容' };
  }
  if (action === 'approve' && revision.authorId === actor.id) {
    return { ok: false, reason: 'self-approval', message: '不能审核通过自己撰写的版本（谁起草谁负责，审核须由他人进行）' };
  }
  if (!FROM[action].includes(revision.reviewState)) {
    return { ok: false, reason: 'state', message: `当前版本状态为“${LABEL[revision.reviewState]}”，不能执行此操作` };
  }
  return { ok: true, next: TO[action] };
}
