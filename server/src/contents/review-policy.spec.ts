import { decideReview } from './review-policy';

const editor = { id: 'u-editor', roles: ['editor' as const] };
const reviewer = { id: 'u-reviewer', roles: ['reviewer' as const] };
const editorReviewer = { id: 'u-both', roles: ['editor' as const, 'reviewer' as const] };
const admin = { id: 'u-admin', roles: ['admin' as const] };

describe('decideReview', () => {
  it('should move a draft to submitted when an editor submits', () => {
    expect(decideReview('submit', { reviewState: 'draft', authorId: 'u-editor' }, editor)).toEqual({ ok: true, next: 'submitted' });
  });
  it('should refuse when an editor approves', () => {
    const d = decideReview('approve', { reviewState: 'submitted', authorId: 'x' }, editor);
    expect(d).toMatchObject({ ok: false, reason: 'role' });
  });
  it('should approve when a reviewer approves a submitted revision of someone else', () => {
    expect(decideReview('approve', { reviewState: 'submitted', authorId: 'u-editor' }, reviewer)).toEqual({ ok: true, next: 'approved' });
  });
  it('should refuse self-approval when the reviewer wrote the revision', () => {
    const d = decideReview('approve', { reviewState: 'submitted', authorId: 'u-both' }, editorReviewer);
    expect(d).toMatchObject({ ok: false, reason: 'self-approval' });
  });
  it('should refuse self-approval when an admin wrote the revision', () => {
    expect(decideReview('approve', { reviewState: 'submitted', authorId: 'u-admin' }, admin)).toMatchObject({ ok: false, reason: 'self-approval' });
  });
  it('should refuse approval when the revision is still a draft', () => {
    expect(decideReview('approve', { reviewState: 'draft', authorId: 'u-editor' }, reviewer)).toMatchObject({ ok: false, reason: 'state' });
  });
  it('should reject when a reviewer rejects a submitted revision', () => {
    expect(decideReview('reject', { reviewState: 'submitted', authorId: 'u-editor' }, reviewer)).toEqual({ ok: true, next: 'rejected' });
  });
  it('should refuse resubmitting when the revision was rejected', () => {
    expect(decideReview('submit', { reviewState: 'rejected', authorId: 'u-editor' }, editor)).toMatchObject({ ok: false, reason: 'state' });
  });
});
