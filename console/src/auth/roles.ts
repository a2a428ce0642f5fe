export type Role = 'editor' | 'reviewer' | 'operator' | 'admin' | 'emergency';

export const ROLE_NAMES: Record<Role, string> = {
  editor: '编辑',
  reviewer: '审核员',
  operator: '运维',
  admin: '管理员',
  emergency: '应急值班员',
};

/** Mirrors the server's rule: admin passes every role check; otherwise one of the required roles must be held. */
export function allowed(held: readonly string[], required: readonly Role[] | undefined): boolean {
  if (!required || required.length === 0) return true;
  return held.includes('admin') || required.some((r) => held.includes(r));
}
