import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from './user.entity';

export const IS_PUBLIC = 'sunshine:public';
export const REQUIRED_ROLES = 'sunshine:roles';
export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'sunshine:before-password-change';

/** Routes reachable without a token: login, health, media, the broker's auth hooks. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Any one of the roles suffices; admin passes every role check. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** Reachable by a user who logged in with a one-time password and must choose a new one first. */
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);

export interface AuthUser {
  id: string;
  username: string;
  roles: Role[];
  /** Region the user may act on (with everything below it); null: the whole county. */
  scopeRegionCode: string | null;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
