import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class ScheduleTargetsDto {
  @ApiPropertyOptional({ type: [String], example: ['spk-510811100201-01'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  deviceIds?: string[];

  @ApiPropertyOptional({ type: [String], description: '行政区划代码（含下级）', example: ['510811100000'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(/^\d{12}$/, { each: true })
  regionCodes?: string[];

  @ApiPropertyOptional({ type: [String], enum: ['speaker', 'tv', 'led'], description: '设备类型' })
  @IsOptional()
  @IsArray()
  @IsIn(['speaker', 'tv', 'led'], { each: true })
  kinds?: string[];

  @ApiPropertyOptional({ type: [String], description: '设备标签（设备组）', example: ['village'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  tags?: string[];
}

/** Local wall-clock times in the configured TIME_ZONE (default Asia/Shanghai): "HH:MM" daily within the window, or "YYYY-MM-DDTHH:MM" once. */
const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2}T)?([01]\d|2[0-3]):[0-5]\d$/;

export class CreateScheduleDto {
  @IsUUID()
  contentId!: string;

  @ValidateNested()
  @Type(() => ScheduleTargetsDto)
  targets!: ScheduleTargetsDto;

  @ApiPropertyOptional({ description: '立即播出' })
  @IsOptional()
  @IsBoolean()
  now?: boolean;

  @ApiPropertyOptional({ type: [String], description: '本地时间（TIME_ZONE，默认北京时间）播出时刻："07:00"（每天）或 "2026-11-24T18:30"（一次）', example: ['07:00', '18:30'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(48)
  @Matches(LOCAL_TIME, { each: true })
  times?: string[];

  @ApiPropertyOptional({ description: 'RFC 5545 重复规则（本地时间），如 FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0', example: 'FREQ=DAILY;BYHOUR=12;BYMINUTE=0' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  rrule?: string;

  @ApiPropertyOptional({ description: '重复规则的起点（本地时间 YYYY-MM-DDTHH:MM），默认今天 00:00' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/)
  dtstart?: string;

  @ApiPropertyOptional({ type: [String], description: '排除的播出时刻（EXDATE，本地时间 YYYY-MM-DDTHH:MM）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, { each: true })
  exdates?: string[];

  @ApiPropertyOptional({ description: '常用重复规则：weekdays-0700-1830、daily-1200-two-weeks、quarterly-first-friday-0900、mondays-0800' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  preset?: string;

  @ApiPropertyOptional({ description: '加入屏幕轮播（开放时段内循环播放）' })
  @IsOptional()
  @IsBoolean()
  loop?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601()
  windowFrom?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601()
  windowUntil?: string;

  @ApiPropertyOptional({ default: 1, description: '每次连播遍数（重要通知播两遍）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  repeat?: number;
}
