import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { LoginLocks } from '../auth/login-locks.service';
import { passwordProblem } from '../auth/password-policy';
import type { UserEntity } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { AppError, ErrorCode } from '../common/app-error';
import { RegionsService } from '../regions/regions.service';
import { CreateUserDto, ResetPasswordView, UpdateUserDto, UserView } from './users.dto';

export interface AdminContext {
  admin: AuthUser;
  ip: string | null;
}

/** The administrator's side of accounts: create, change roles and scope, disable, reset, unlock; all audited. */
@Injectable()
export class UsersAdminService {
  constructor(
    private readonly users: UsersService,
    private readonly regions: RegionsService,
    private readonly locks: LoginLocks,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<UserView[]> {
    return (await this.users.list()).map((u) => this.view(u));
  }

  async create(dto: CreateUserDto, ctx: AdminContext): Promise<UserView> {
    if (await this.users.findByUsername(dto.username)) throw AppError.conflict(ErrorCode.UserExists, `用户名 ${dto.username} 已存在`);
    const problem = passwordProblem(dto.username, dto.password);
    if (problem) throw AppError.badRequest(ErrorCode.WeakPassword, problem);
    if (dto.scopeRegionCode) await this.regions.get(dto.scopeRegionCode);
    const user = await this.users.create({ username: dto.username, displayName: dto.displayName, password: dto.password, roles: dto.roles, scopeRegionCode: dto.scopeRegionCode ?? null });
    await this.record(ctx, 'user.create', user, { username: user.username, displayName: user.displayName, roles: user.roles, scopeRegionCode: user.scopeRegionCode });
    return this.view(user);
  }

  async update(id: string, dto: UpdateUserDto, ctx: AdminContext): Promise<UserView> {
    const user = await this.load(id);
    const before = { displayName: user.displayName, roles: [...user.roles], scopeRegionCode: user.scopeRegionCode, disabled: user.disabled };
    if (dto.scopeRegionCode) await this.regions.get(dto.scopeRegionCode);
    const losesAdmin = (dto.roles !== undefined && !dto.roles.includes('admin')) || dto.disabled === true;
    if (losesAdmin && user.roles.includes('admin') && !user.disabled && (await this.enabledAdmins()) <= 1) {
      throw AppError.conflict(ErrorCode.InvalidTransition, '不能停用最后一个管理员，或取消其管理员角色');
    }
    if (dto.displayName !== undefined) user.displayName = dto.displayName;
    if (dto.roles !== undefined) user.roles = dto.roles;
    if (dto.scopeRegionCode !== undefined) user.scopeRegionCode = dto.scopeRegionCode;
    if (dto.disabled !== undefined && dto.disabled !== user.disabled) {
      user.disabled = dto.disabled;
      // Disabling ends every session at once: tokens carry the old version.
      if (dto.disabled) user.tokenVersion += 1;
    }
    const saved = await this.users.save(user);
    if (before.displayName !== saved.displayName) await this.record(ctx, 'user.update', saved, { displayName: { from: before.displayName, to: saved.displayName } });
    if (dto.roles !== undefined && !sameSet(before.roles, saved.roles)) await this.record(ctx, 'user.roles', saved, { from: before.roles, to: saved.roles });
    if (before.scopeRegionCode !== saved.scopeRegionCode) await this.record(ctx, 'user.scope', saved, { from: before.scopeRegionCode, to: saved.scopeRegionCode });
    if (before.disabled !== saved.disabled) await this.record(ctx, saved.disabled ? 'user.disable' : 'user.enable', saved, null);
    return this.view(saved);
  }

  /** A one-time password, shown once; the user must change it at first login. Their sessions end now. */
  async resetPassword(id: string, ctx: AdminContext): Promise<ResetPasswordView> {
    const user = await this.load(id);
    const oneTimePassword = randomBytes(12).toString('base64url');
    const saved = await this.users.setPassword(user, oneTimePassword, true);
    this.locks.unlockAccount(saved.username);
    await this.record(ctx, 'user.reset-password', saved, null);
    return { user: this.view(saved), oneTimePassword };
  }

  async unlock(id: string, ctx: AdminContext): Promise<UserView> {
    const user = await this.load(id);
    this.locks.unlockAccount(user.username);
    await this.record(ctx, 'user.unlock', user, null);
    return this.view(user);
  }

  private async load(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw AppError.notFound(ErrorCode.UserNotFound, `用户 ${id} 不存在`);
    return user;
  }

  private async enabledAdmins(): Promise<number> {
    return (await this.users.list()).filter((u) => !u.disabled && u.roles.includes('admin')).length;
  }

  private record(ctx: AdminContext, action: Parameters<AuditService['record']>[0]['action'], user: UserEntity, details: Record<string, unknown> | null): Promise<void> {
    return this.audit.record({ action, actor: { id: ctx.admin.id, username: ctx.admin.username }, ip: ctx.ip, target: { type: 'user', id: user.id }, details: { username: user.username, ...(details ?? {}) } });
  }

  private view(u: UserEntity): UserView {
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      roles: u.roles,
      scopeRegionCode: u.scopeRegionCode,
      disabled: u.disabled,
      mustChangePassword: u.mustChangePassword,
      demoPassword: u.demoPassword,
      lockedUntil: this.locks.accountLockedUntil(u.username),
      createdAt: u.createdAt,
    };
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
