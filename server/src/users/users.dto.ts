import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '../auth/user.entity';

export const USERNAME_PATTERN = /^[\p{L}\p{N}._-]{2,64}$/u;

export class CreateUserDto {
  @ApiProperty({ description: '用户名（2–64 个字母、数字、汉字或 . _ -）', example: 'qingshi-xc' })
  @Matches(USERNAME_PATTERN, { message: '用户名须为 2–64 个字母、数字、汉字或 . _ -' })
  username!: string;

  @ApiProperty({ maxLength: 64, description: '显示名', example: '李娟(青石镇宣传委员)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  displayName!: string;

  @ApiProperty({ maxLength: 200, description: '初始密码：至少 10 个字符，不能包含用户名' })
  @IsString()
  @MaxLength(200)
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true, minItems: 1, description: '角色：editor 编辑、reviewer 审核员、operator 运维、admin 管理员、emergency 应急值班员' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({ type: String, nullable: true, description: '管辖范围（行政区划代码，含下级）；省略或为空表示全县', example: '510811100000' })
  @IsOptional()
  @Matches(/^\d{12}$/)
  scopeRegionCode?: string | null;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ maxLength: 64, description: '显示名' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, minItems: 1, description: '角色（整体替换）' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ type: String, nullable: true, description: '管辖范围（行政区划代码，含下级）；null 表示全县', example: '510811100000' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^\d{12}$/)
  scopeRegionCode?: string | null;

  @ApiPropertyOptional({ description: '停用账号：其所有会话立即失效' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class UserView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'qingshi-xc' })
  username!: string;

  @ApiProperty({ example: '李娟(青石镇宣传委员)' })
  displayName!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];

  @ApiProperty({ type: String, nullable: true, description: '管辖范围；为空表示全县' })
  scopeRegionCode!: string | null;

  @ApiProperty({ description: '已停用' })
  disabled!: boolean;

  @ApiProperty({ description: '须先修改一次性密码' })
  mustChangePassword!: boolean;

  @ApiProperty({ description: '仍在使用演示密码' })
  demoPassword!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '因登录失败过多而锁定到此时；未锁定为空' })
  lockedUntil!: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
}

export class ResetPasswordView {
  @ApiProperty({ type: UserView })
  user!: UserView;

  @ApiProperty({ description: '一次性密码，只显示这一次；用户首次登录后必须修改' })
  oneTimePassword!: string;
}
