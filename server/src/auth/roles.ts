import type { Role } from './user.entity';

/** Admin passes every role check; otherwise one of the required roles must be held. */
export function hasAnyRole(held: readonly Role[], required: readonly Role[]): boolean {
  return held.includes('admin') || required.some((r) => held.includes(r));
}
