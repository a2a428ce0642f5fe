import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse } from '@nestjs/swagger';
import { ErrorResponse } from '../common/error-response';
import type { Role } from './user.entity';

export const IS_PUBLIC = 'sunshine:public';
export const REQUIRED_ROLES = 'sunshine:roles';
export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'sunshine:before-password-change';

/** Marks a public operation in the OpenAPI document; buildOpenApiDocument turns it into `security: []`. */
export const PUBLIC_OPERATION_EXTENSION = 'x-sunshine-public';

/** Routes reachable without a token: login, health, media, the broker's auth hooks. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_OPERATION_EXTENSION, true));

/** Any one of the roles suffices; admin passes every role check. The document says so with a 403 answer. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    ApiForbiddenResponse({ type: ErrorResponse, description: `需要角色：${roles.join('、')}（admin 亦可）；否则 403 FORBIDDEN` }),
  );

/** Reachable by a user who logged in with a one-time password and must choose a new one first. */
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);

export interface AuthUser {
  id: string;
  username: string;
  roles: Role[];
  /** Region the user may act on (with everything below it); null: the whole county. */
  scopeRegionCode: string | null;
  /** Shown in the console's header; absent where a user is made up (system actors, tests). */
  displayName?: string;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
