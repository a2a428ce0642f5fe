import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class ScheduleTargetsDto {
  @ApiPropertyOptional({ type: [String], maxItems: 10000, description: '设备编号', example: ['spk-510811100201-01'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  deviceIds?: string[];

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', pattern: '^\\d{12}$' }, maxItems: 1000, description: '行政区划代码（含下级）', example: ['510811100000'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(/^\d{12}$/, { each: true })
  regionCodes?: string[];

  @ApiPropertyOptional({ enum: ['speaker', 'tv', 'led'], isArray: true, description: '设备类型' })
  @IsOptional()
  @IsArray()
  @IsIn(['speaker', 'tv', 'led'], { each: true })
  kinds?: string[];

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', maxLength: 32 }, maxItems: 50, description: '设备标签（设备组）', example: ['village'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  tags?: string[];
}

/** Local wall-clock times in Asia/Shanghai: "HH:MM" daily within the window, or "YYYY-MM-DDTHH:MM" once. */
const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2}T)?([01]\d|2[0-3]):[0-5]\d$/;
/** A local wall-clock instant in Asia/Shanghai: "YYYY-MM-DDTHH:MM". */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/;

export class CreateScheduleDto {
  @ApiProperty({ format: 'uuid', description: '内容 id（须已审核通过）' })
  @IsUUID()
  contentId!: string;

  @ApiProperty({ type: ScheduleTargetsDto, description: '播出对象：设备、行政区划、类型、标签至少一项' })
  @ValidateNested()
  @Type(() => ScheduleTargetsDto)
  targets!: ScheduleTargetsDto;

  @ApiPropertyOptional({ description: '立即播出' })
  @IsOptional()
  @IsBoolean()
  now?: boolean;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', pattern: LOCAL_TIME.source }, maxItems: 48, description: '北京时间播出时刻："07:00"（每天）或 "2026-11-24T18:30"（一次）', example: ['07:00', '18:30'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(48)
  @Matches(LOCAL_TIME, { each: true })
  times?: string[];

  @ApiPropertyOptional({ description: 'RFC 5545 重复规则（北京时间），如 FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0', example: 'FREQ=DAILY;BYHOUR=12;BYMINUTE=0', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  rrule?: string;

  @ApiPropertyOptional({ description: '重复规则的起点（北京时间 YYYY-MM-DDTHH:MM），默认今天 00:00', pattern: LOCAL_DATE_TIME.source })
  @IsOptional()
  @Matches(LOCAL_DATE_TIME)
  dtstart?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', pattern: LOCAL_DATE_TIME.source }, maxItems: 366, description: '排除的播出时刻（EXDATE，北京时间 YYYY-MM-DDTHH:MM）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(LOCAL_DATE_TIME, { each: true })
  exdates?: string[];

  @ApiPropertyOptional({ description: '常用重复规则：weekdays-0700-1830、daily-1200-two-weeks、quarterly-first-friday-0900、mondays-0800', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  preset?: string;

  @ApiPropertyOptional({ description: '加入屏幕轮播（开放时段内循环播放）' })
  @IsOptional()
  @IsBoolean()
  loop?: boolean;

  @ApiPropertyOptional({ format: 'date-time', description: '排期生效起点（ISO-8601）' })
  @IsOptional()
  @IsISO8601()
  windowFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: '排期截止（ISO-8601）' })
  @IsOptional()
  @IsISO8601()
  windowUntil?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5, default: 1, description: '每次连播遍数（重要通知播两遍）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  repeat?: number;
}
