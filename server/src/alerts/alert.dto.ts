import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '../common/pagination';
import { AlertResponse } from './alert.response';
import { MAX_ALERT_REPEAT, MAX_ALERT_TEXT_CHARS } from '@sunshine/playlists';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsOptionalNotNull } from '../common/validation';

export class CreateAlertDto {
  @ApiProperty({ description: `播报内容，最多 ${MAX_ALERT_TEXT_CHARS} 字`, maxLength: MAX_ALERT_TEXT_CHARS, example: '青石镇人民政府紧急通知：受强降雨影响，今晚可能发生山洪，请沿河及低洼地带群众立即转移到安全地点。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_ALERT_TEXT_CHARS)
  text!: string;

  @ApiPropertyOptional({ example: '山洪预警', maxLength: 200, description: '省略时按级别生成' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiProperty({ type: 'array', items: { type: 'string', pattern: '^\\d{12}$' }, minItems: 1, maxItems: 200, description: '目标行政区划代码（含下级）', example: ['510811100000'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @Matches(/^\d{12}$/, { each: true })
  regionCodes!: string[];

  @ApiProperty({ type: 'integer', enum: [1, 2, 3, 4], minimum: 1, maximum: 4, description: '1 特别重大、2 重大、3 较大、4 一般' })
  @IsInt()
  @Min(1)
  @Max(4)
  level!: 1 | 2 | 3 | 4;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_ALERT_REPEAT, default: 2, description: `提示音加播报的遍数（1–${MAX_ALERT_REPEAT}）` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ALERT_REPEAT)
  repeat?: number;

  @ApiPropertyOptional({ example: 'espeak:cmn', maxLength: 64, description: '离线语音，默认普通话' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  voice?: string;

  @ApiPropertyOptional({ format: 'date-time', description: '过期时间（ISO-8601），默认 2 小时后；过期后任何设备都不再播出' })
  @IsOptionalNotNull()
  @IsISO8601()
  expiresAt?: string;
}

export class CancelAlertDto {
  @ApiPropertyOptional({ maxLength: 300, description: '撤销原因' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  reason?: string;
}

export const ALERT_STATUSES = ['pending-confirmation', 'active', 'cancelled', 'expired', 'exercise'] as const;

export class ListAlertsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ALERT_STATUSES, description: '状态：pending-confirmation 为等待值班员确认的 CAP 预警' })
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  status?: (typeof ALERT_STATUSES)[number];

  @ApiPropertyOptional({ enum: ['console', 'api', 'cap'], description: '来源' })
  @IsOptional()
  @IsIn(['console', 'api', 'cap'])
  source?: 'console' | 'api' | 'cap';
}

