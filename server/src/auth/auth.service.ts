import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppError, ErrorCode } from '../common/app-error';
import { UsersService } from './users.service';
import type { Role } from './user.entity';

export interface LoginResult {
  token: string;
  user: { id: string; username: string; displayName: string; roles: Role[] };
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const user = await this.users.findByUsername(username);
    // Same answer for unknown user and wrong password: no account enumeration.
    if (!user || !(await this.users.verifyPassword(user, password))) {
      throw new AppError(ErrorCode.InvalidCredentials, 401, '用户名或密码错误');
    }
    const token = await this.jwt.signAsync({ sub: user.id, username: user.username, roles: user.roles });
    return { token, user: { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles } };
  }
}
