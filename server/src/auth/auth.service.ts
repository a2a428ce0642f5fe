import { Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { AppError, ErrorCode } from '../common/app-error';
import type { AuthUser } from './auth.decorators';
import type { TokenClaims } from './auth.guard';
import { LoginLocks } from './login-locks.service';
import { passwordProblem } from './password-policy';
import type { Role, UserEntity } from './user.entity';
import { BCRYPT_ROUNDS, UsersService } from './users.service';

export interface LoginResult {
  token: string;
  user: { id: string; username: string; displayName: string; roles: Role[]; scopeRegionCode: string | null };
  /** True after an administrator's reset: only POST /api/auth/password is allowed until a new password is set. */
  mustChangePassword: boolean;
}

@Injectable()
export class AuthService implements OnModuleInit {
  /** Compared against when the user is unknown, so both failures cost one bcrypt compare. */
  private dummyHash = '';

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly locks: LoginLocks,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await bcrypt.hash(randomBytes(16).toString('hex'), BCRYPT_ROUNDS);
  }

  async login(username: string, password: string, ip: string | null): Promise<LoginResult> {
    const actor = { id: null, username };
    const locked = this.locks.lockedUntil(username, ip);
    if (locked) {
      void this.audit.record({ action: 'login.locked', actor, ip });
      throw lockedError(locked);
    }
    const user = await this.users.findByUsername(username);
    // One bcrypt compare whether or not the user exists: the response time tells nothing about the account.
    const ok = await bcrypt.compare(password, user?.passwordHash ?? this.dummyHash);
    if (!user || !ok || user.disabled) {
      const lockedNow = this.locks.fail(username, ip);
      await this.audit.record({
        action: 'login.failure',
        actor: { id: user?.id ?? null, username },
        ip,
        details: { reason: !user ? 'unknown-user' : !ok ? 'wrong-password' : 'disabled', ...(lockedNow ? { lockedUntil: lockedNow.toISOString() } : {}) },
      });
      // Same answer for unknown user, wrong password and disabled account: no account enumeration.
      throw new AppError(ErrorCode.InvalidCredentials, 401, '用户名或密码错误');
    }
    this.locks.succeed(username, ip);
    await this.audit.record({ action: 'login.success', actor: { id: user.id, username: user.username }, ip });
    return this.issue(user);
  }

  /** The user changes their own password (also the way out of a one-time password); other sessions end. */
  async changePassword(current: AuthUser, oldPassword: string, newPassword: string, ip: string | null): Promise<LoginResult> {
    const user = await this.users.findById(current.id);
    if (!user) throw new AppError(ErrorCode.Unauthenticated, 401, '登录已失效，请重新登录');
    if (!(await this.users.verifyPassword(user, oldPassword))) {
      throw AppError.badRequest(ErrorCode.WrongPassword, '原密码不正确');
    }
    if (oldPassword === newPassword) throw AppError.badRequest(ErrorCode.WeakPassword, '新密码不能与原密码相同');
    const problem = passwordProblem(user.username, newPassword);
    if (problem) throw AppError.badRequest(ErrorCode.WeakPassword, problem);
    const saved = await this.users.setPassword(user, newPassword, false);
    await this.audit.record({ action: 'password.change', actor: { id: user.id, username: user.username }, ip, target: { type: 'user', id: user.id } });
    // The caller keeps working with a fresh token; every other token of this user is now invalid.
    return this.issue(saved);
  }

  private async issue(user: UserEntity): Promise<LoginResult> {
    const claims: TokenClaims = { sub: user.id, username: user.username, ver: user.tokenVersion };
    const token = await this.jwt.signAsync(claims);
    return {
      token,
      user: { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, scopeRegionCode: user.scopeRegionCode },
      mustChangePassword: user.mustChangePassword,
    };
  }
}

function lockedError(until: Date): AppError {
  const hhmm = until.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
  return new AppError(ErrorCode.LoginLocked, 429, `登录失败次数过多，已暂时锁定，请于 ${hhmm}（北京时间）后再试，或联系管理员解锁`, { lockedUntil: until.toISOString() });
}
