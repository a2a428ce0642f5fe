import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from './user.entity';

export const IS_PUBLIC = 'sunshine:public';
export const REQUIRED_ROLES = 'sunshine:roles';

/** Routes reachable without a token: login, health, media, the broker's auth hooks. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Any one of the roles suffices; admin passes every role check. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export interface AuthUser {
  id: string;
  username: string;
  roles: Role[];
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
