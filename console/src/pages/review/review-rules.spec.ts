import { approveBlockedReason } from './review-rules';

describe('approveBlockedReason', () => {
  it('should refuse the author, even when they hold the reviewer role', () => {
    expect(approveBlockedReason({ authorId: 'admin', reviewState: 'submitted' }, 'admin')).toContain('不能审核通过自己撰写的版本');
  });

  it('should allow another reviewer on a submitted revision', () => {
    expect(approveBlockedReason({ authorId: 'editor', reviewState: 'submitted' }, 'reviewer')).toBeNull();
  });

  it('should refuse a revision that is not waiting for review', () => {
    expect(approveBlockedReason({ authorId: 'editor', reviewState: 'approved' }, 'reviewer')).toBe('此版本不在待审核状态');
  });
});
