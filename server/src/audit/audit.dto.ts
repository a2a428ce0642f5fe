import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AUDIT_ACTIONS, AuditAction } from './audit-entry.entity';

export class AuditQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, description: '操作类型' })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ maxLength: 64, description: '操作人用户名（登录失败时为输入的用户名）', example: 'editor' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional({ maxLength: 64, description: '对象编号（用户 ID、设备编号）' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  targetId?: string;

  @ApiPropertyOptional({ description: '起始时间（ISO-8601，含）', example: '2026-12-01T00:00:00+08:00' })
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ description: '截止时间（ISO-8601，含）' })
  @IsOptional()
  @IsISO8601()
  until?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100_000, default: 1, description: '页码，从 1 开始' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50, description: '每页条数（1–500）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize?: number;
}

export class AuditEntryView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: Date;

  @ApiProperty({ enum: AUDIT_ACTIONS })
  action!: AuditAction;

  @ApiProperty({ type: String, nullable: true, description: '操作人用户 ID；未知用户名登录失败或首次设置时为空' })
  actorId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: '操作人用户名' })
  actorName!: string | null;

  @ApiProperty({ type: String, nullable: true, description: '来源 IP 地址', example: '192.168.1.20' })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true, description: '对象类型：user、device …' })
  targetType!: string | null;

  @ApiProperty({ type: String, nullable: true, description: '对象编号' })
  targetId!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: '详情（密码、令牌已隐去）' })
  details!: Record<string, unknown> | null;
}

export class AuditPageView {
  @ApiProperty({ type: [AuditEntryView] })
  items!: AuditEntryView[];

  @ApiProperty({ description: '符合条件的总条数' })
  total!: number;

  @ApiProperty()
  page!: number;

  @ApiProperty()
  pageSize!: number;
}
