import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { USERNAME_PATTERN } from '../users/users.dto';

export class SetupDto {
  @ApiProperty({ description: '首个管理员的用户名', example: 'admin' })
  @Matches(USERNAME_PATTERN, { message: '用户名须为 2–64 个字母、数字、汉字或 . _ -' })
  adminUsername!: string;

  @ApiProperty({ maxLength: 200, description: '首个管理员的密码：至少 10 个字符，不能包含用户名' })
  @IsString()
  @MaxLength(200)
  adminPassword!: string;

  @ApiPropertyOptional({ maxLength: 64, description: '管理员显示名，默认“系统管理员”' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  adminDisplayName?: string;

  @ApiProperty({ description: '本县（区）行政区划代码：6 位或 12 位', example: '510811' })
  @Matches(/^\d{6}(\d{6})?$/, { message: '县（区）代码须为 6 位或 12 位数字' })
  countyCode!: string;

  @ApiProperty({ maxLength: 64, description: '本县（区）名称', example: '栖凤区' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  countyName!: string;
}

export class SetupStatusView {
  @ApiProperty({ description: '为 true 表示尚无任何用户，需要首次设置' })
  needed!: boolean;
}

export class SetupCountyView {
  @ApiProperty({ example: '510811000000' })
  code!: string;

  @ApiProperty({ example: '栖凤区' })
  name!: string;
}

export class SetupAdminView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'admin' })
  username!: string;

  @ApiProperty({ example: '系统管理员' })
  displayName!: string;
}

export class SetupResultView {
  @ApiProperty({ type: SetupAdminView })
  admin!: SetupAdminView;

  @ApiProperty({ type: SetupCountyView })
  county!: SetupCountyView;

  @ApiProperty({ description: '导入的下级区划数（未导入时为 0）' })
  importedRegions!: number;
}
