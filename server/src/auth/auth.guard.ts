import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { AppError, ErrorCode } from '../common/app-error';
import { AuthUser, IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { hasAnyRole } from './roles';
import type { Role } from './user.entity';

/** Global guard: every route needs a bearer token unless marked @Public(); @Roles() narrows further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token) throw new AppError(ErrorCode.Unauthenticated, 401, '请先登录（缺少访问令牌）');
    let user: AuthUser;
    try {
      const claims = await this.jwt.verifyAsync<{ sub: string; username: string; roles: Role[] }>(token);
      user = { id: claims.sub, username: claims.username, roles: claims.roles };
    } catch {
      throw new AppError(ErrorCode.Unauthenticated, 401, '访问令牌无效或已过期，请重新登录');
    }
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
