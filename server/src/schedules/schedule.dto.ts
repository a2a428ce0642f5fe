import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptionalNotNull } from '../common/validation';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class ScheduleTargetsDto {
  @ApiPropertyOptional({ type: [String], maxItems: 10000, description: '设备编号', example: ['spk-510811100201-01'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  deviceIds?: string[];

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', pattern: '^\\d{12}$' }, maxItems: 1000, description: '行政区划代码（含下级）', example: ['510811100000'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(/^\d{12}$/, { each: true })
  regionCodes?: string[];

  @ApiPropertyOptional({ enum: ['speaker', 'tv', 'led'], isArray: true, description: '设备类型' })
  @IsOptionalNotNull()
  @IsArray()
  @IsIn(['speaker', 'tv', 'led'], { each: true })
  kinds?: string[];

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', maxLength: 32 }, maxItems: 50, description: '设备标签（设备组）', example: ['village'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  tags?: string[];
}

/** Local wall-clock times in the configured TIME_ZONE (default Asia/Shanghai): "HH:MM" daily within the window, or "YYYY-MM-DDTHH:MM" once. */
const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2}T)?([01]\d|2[0-3]):[0-5]\d$/;
/** A local wall-clock instant in Asia/Shanghai: "YYYY-MM-DDTHH:MM". */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/;

export class CreateScheduleDto {
  @ApiProperty({ format: 'uuid', description: '内容 id（须已审核通过）' })
  @IsUUID()
  contentId!: string;

  @ApiProperty({ type: ScheduleTargetsDto, description: '播出对象：设备、行政区划、类型、标签至少一项' })
  // Without IsObject a missing `targets` passes ValidateNested and reaches the service as undefined (a 500).
  @IsObject()
  @ValidateNested()
  @Type(() => ScheduleTargetsDto)
  targets!: ScheduleTargetsDto;

  @ApiPropertyOptional({ description: '立即播出' })
  @IsOptional()
  @IsBoolean()
  now?: boolean;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', pattern: LOCAL_TIME.source }, maxItems: 48, description: '本地时间（TIME_ZONE，默认北京时间）播出时刻："07:00"（每天）或 "2026-11-24T18:30"（一次）', example: ['07:00', '18:30'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(48)
  @Matches(LOCAL_TIME, { each: true })
  times?: string[];

  @ApiPropertyOptional({ description: 'RFC 5545 重复规则（本地时间），如 FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0', example: 'FREQ=DAILY;BYHOUR=12;BYMINUTE=0', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  rrule?: string;

  @ApiPropertyOptional({ description: '重复规则的起点（本地时间 YYYY-MM-DDTHH:MM），默认今天 00:00', pattern: LOCAL_DATE_TIME.source })
  @IsOptional()
  @Matches(LOCAL_DATE_TIME)
  dtstart?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', pattern: LOCAL_DATE_TIME.source }, maxItems: 366, description: '排除的播出时刻（EXDATE，本地时间 YYYY-MM-DDTHH:MM）' })
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

export class PreviewDeviceView {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ['speaker', 'tv', 'led'] })
  kind!: string;

  @ApiProperty({ example: '510811100201' })
  regionCode!: string;
}

export class ScheduleConflictView {
  @ApiProperty({ enum: ['quiet-hours', 'overlap', 'missing-media'], description: '静音时段、时间重叠、缺少媒体' })
  kind!: 'quiet-hours' | 'overlap' | 'missing-media';

  @ApiProperty({ description: '播出时段编号（排期编号:ISO 开始时间）' })
  slotId!: string;

  @ApiProperty()
  scheduleId!: string;

  @ApiProperty({ description: '给运维人员看的说明' })
  message!: string;

  @ApiPropertyOptional({ description: '重叠时占用该时段的另一播出' })
  otherSlotId?: string;

  @ApiProperty()
  deviceId!: string;
}

export class SchedulePreview {
  @ApiProperty({ description: '覆盖的设备数' })
  deviceCount!: number;

  @ApiProperty({ type: [PreviewDeviceView], description: '前 50 台设备' })
  devices!: PreviewDeviceView[];

  @ApiProperty({ example: '每个工作日 07:00（自 2026-12-01 起）', description: '播出规则的中文说明' })
  ruleText!: string;

  @ApiProperty({ type: [String], description: '接下来的 10 次播出时刻（ISO，+08:00）' })
  nextOccurrences!: string[];

  @ApiProperty({ type: [ScheduleConflictView], description: '保存时会报告的冲突（静音时段、重叠等）' })
  conflicts!: ScheduleConflictView[];
}

const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class CalendarQuery {
  @ApiProperty({ example: '2026-12-01', description: '起始日期（北京时间，含）' })
  @Matches(LOCAL_DATE, { message: 'from 应为 YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2026-12-31', description: '结束日期（北京时间，含）；与起始日期相隔至多 62 天' })
  @Matches(LOCAL_DATE, { message: 'to 应为 YYYY-MM-DD' })
  to!: string;

  @ApiPropertyOptional({ example: '510811100000', description: '只看覆盖该区划（含下级）设备的排期' })
  @IsOptional()
  @Matches(/^\d{12}$/)
  regionCode?: string;
}

export class CalendarOccurrence {
  @ApiProperty()
  scheduleId!: string;

  @ApiProperty()
  contentId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ example: '2026-12-01T07:00:00+08:00', description: '开始时刻（轮播为所查范围内的开始）' })
  start!: string;

  @ApiPropertyOptional({ description: '结束时刻（喇叭版时长 × 连播遍数；尚未渲染时省略）' })
  end?: string;

  @ApiProperty({ enum: ['slot', 'loop'], description: '定时播出或屏幕轮播' })
  kind!: 'slot' | 'loop';

  @ApiProperty({ description: '覆盖的在用设备数' })
  deviceCount!: number;

  @ApiProperty({ type: [String], description: '排期指定的行政区划' })
  regionCodes!: string[];

  @ApiProperty({ enum: ['draft', 'submitted', 'approved', 'rejected', 'withdrawn'], description: '内容状态（已撤回的不再播出）' })
  status!: string;
}
