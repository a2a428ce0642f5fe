import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';

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
}

/** Local wall-clock times in Asia/Shanghai: "HH:MM" daily within the window, or "YYYY-MM-DDTHH:MM" once. */
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

  @ApiPropertyOptional({ type: [String], description: '北京时间播出时刻："07:00"（每天）或 "2026-11-24T18:30"（一次）', example: ['07:00', '18:30'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(48)
  @Matches(LOCAL_TIME, { each: true })
  times?: string[];

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
