import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ROLES, type Role } from './user.entity';

export class LoginDto {
  @ApiProperty({ example: 'editor', maxLength: 64, description: '用户名' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ maxLength: 200, description: '密码' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: 200, description: '原密码（或管理员重置后的一次性密码）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  oldPassword!: string;

  @ApiProperty({ maxLength: 200, description: '新密码：至少 10 个字符，不能包含用户名' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  newPassword!: string;
}

export class SessionUserView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'editor' })
  username!: string;

  @ApiProperty({ example: '王晓梅(区融媒体中心编辑)' })
  displayName!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];

  @ApiProperty({ type: String, nullable: true, description: '管辖范围（行政区划代码，含下级）；为空表示全县', example: '510811100000' })
  scopeRegionCode!: string | null;
}

export class LoginResultView {
  @ApiProperty({ description: '访问令牌（Authorization: Bearer …）' })
  token!: string;

  @ApiProperty({ type: SessionUserView })
  user!: SessionUserView;

  @ApiProperty({ description: '为 true 时须先用 POST /api/auth/password 修改一次性密码，其他接口一律拒绝' })
  mustChangePassword!: boolean;
}

export class MeView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  username!: string;

  @ApiProperty({ description: '显示名称（控制台页头）' })
  displayName!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];

  @ApiProperty({ type: String, nullable: true, description: '管辖范围；为空表示全县' })
  scopeRegionCode!: string | null;
}
