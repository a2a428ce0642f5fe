import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { AppError, ErrorCode } from '../common/app-error';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, AuthUser, IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { hasAnyRole } from './roles';
import type { Role } from './user.entity';
import { UsersService } from './users.service';

export interface TokenClaims {
  sub: string;
  username: string;
  /** The user's token version when the token was issued. */
  ver: number;
}

/**
 * Global guard: every route needs a bearer token unless marked @Public(); @Roles() narrows further. The user is
 * read on every request, so disabling an account, changing its password or its roles takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token) throw new AppError(ErrorCode.Unauthenticated, 401, '请先登录（缺少访问令牌）');
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new AppError(ErrorCode.Unauthenticated, 401, '访问令牌无效或已过期，请重新登录');
    }
    const stored = await this.users.findById(claims.sub);
    if (!stored || stored.disabled || stored.tokenVersion !== claims.ver) {
      throw new AppError(ErrorCode.Unauthenticated, 401, '登录已失效（账号已停用或密码已更改），请重新登录');
    }
    if (stored.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, targets)) {
      throw new AppError(ErrorCode.PasswordChangeRequired, 403, '请先修改一次性密码（POST /api/auth/password）后再继续操作');
    }
    const user: AuthUser = { id: stored.id, username: stored.username, displayName: stored.displayName, roles: stored.roles, scopeRegionCode: stored.scopeRegionCode };
    req.user = user;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !hasAnyRole(user.roles, required)) {
      throw AppError.forbidden(`需要以下角色之一：${required.map(roleLabel).join('、')}`);
    }
    return true;
  }
}

const LABELS: Record<Role, string> = { editor: '编辑', reviewer: '审核员', operator: '运维', admin: '管理员', emergency: '应急值班员' };
export function roleLabel(r: Role): string {
  return LABELS[r];
}
