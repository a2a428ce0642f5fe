import { ApiProperty } from '@nestjs/swagger';
import type { AuthUser } from './auth.decorators';
import type { LoginResult } from './auth.service';
import { ROLES, type Role } from './user.entity';

export class CurrentUserResponse implements AuthUser {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'editor' })
  username!: string;

  @ApiProperty({ enum: ROLES, isArray: true, description: '角色' })
  roles!: Role[];
}

export class LoginUserResponse extends CurrentUserResponse {
  @ApiProperty({ description: '显示名', example: '编辑' })
  displayName!: string;
}

export class LoginResponse implements LoginResult {
  @ApiProperty({ description: 'JWT，以 Authorization: Bearer <token> 发送' })
  token!: string;

  @ApiProperty({ type: LoginUserResponse })
  user!: LoginUserResponse;
}
