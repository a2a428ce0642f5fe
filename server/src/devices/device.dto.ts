import { ScheduleTargetsDto } from '../schedules/schedule.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { PageQuery } from '../common/pagination';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class QuietHoursDto {
  @ApiProperty({ example: '22:00', pattern: HH_MM.source, description: '开始（北京时间 HH:MM）' })
  @Matches(HH_MM)
  from!: string;

  @ApiProperty({ example: '06:00', pattern: HH_MM.source, description: '结束（北京时间 HH:MM，可跨午夜）' })
  @Matches(HH_MM)
  until!: string;
}

export class RegisterDeviceDto {
  @ApiPropertyOptional({ description: '设备编号；省略时自动生成', example: 'spk-510811100201-02', pattern: '^[a-z0-9][a-z0-9-]{2,63}$' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{2,63}$/, { message: 'id' })
  id?: string;

  @ApiProperty({ example: '红岩村村委会广场喇叭', maxLength: 100, description: '设备名称' })
  @IsString()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ['speaker', 'tv', 'led'], description: '设备类型：喇叭、电视、LED 屏' })
  @IsIn(['speaker', 'tv', 'led'])
  kind!: 'speaker' | 'tv' | 'led';

  @ApiPropertyOptional({ description: '设备规格；省略时按类型取默认值', example: 'speaker', maxLength: 32 })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  profile?: string;

  @ApiProperty({ example: '510811100201', pattern: '^\\d{12}$', description: '所在行政区划代码（12 位）' })
  @Matches(/^\d{12}$/)
  regionCode!: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', maxLength: 32 }, maxItems: 20, description: '设备标签（设备组）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: [QuietHoursDto], maxItems: 6, description: '静音时段（本地时间，时区见 TIME_ZONE）；省略则喇叭默认 22:00–06:00，空数组表示不设静音时段' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto[];

  @ApiPropertyOptional({ type: [QuietHoursDto], maxItems: 6, description: '开放时段（轮播时段，本地时间）；省略则屏幕默认 08:30–17:30，喇叭不轮播' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => QuietHoursDto)
  openingHours?: QuietHoursDto[];

  @ApiPropertyOptional({ type: 'integer', description: '默认音量 0–100；省略则不干预设备自身音量', minimum: 0, maximum: 100, example: 60 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  defaultVolume?: number;
}

export class DeviceCommandDto {
  @ApiProperty({ enum: ['set-volume', 'sync-now', 'stop', 'identify'], description: '设音量、立即同步、停止播放、闪灯/报号识别' })
  @IsIn(['set-volume', 'sync-now', 'stop', 'identify'])
  type!: 'set-volume' | 'sync-now' | 'stop' | 'identify';

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 100, description: '音量 0–100（set-volume 时必填）' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  volume?: number;
}

export class ListDevicesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['online', 'offline'], description: '在线状态' })
  @IsOptional()
  @IsIn(['online', 'offline'])
  status?: 'online' | 'offline';

  @ApiPropertyOptional({ pattern: '^\\d{12}$', description: '行政区划代码：只列出该区划及其下级的设备', example: '510811100000' })
  @IsOptional()
  @Matches(/^\d{12}$/)
  region?: string;

  @ApiPropertyOptional({ enum: ['speaker', 'tv', 'led'], description: '设备类型' })
  @IsOptional()
  @IsIn(['speaker', 'tv', 'led'])
  kind?: 'speaker' | 'tv' | 'led';

  @ApiPropertyOptional({ maxLength: 32, description: '设备标签', example: 'village' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  tag?: string;

  @ApiPropertyOptional({ maxLength: 100, description: '按设备名称或编号搜索' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

/** The same target set a schedule or an alert takes: the count is what saving it would reach. */
export class DeviceCountDto extends ScheduleTargetsDto {}

export class TownCountView {
  @ApiProperty({ description: '乡镇代码（空字符串表示设备不属于任何乡镇）', example: '510811100000' })
  code!: string;

  @ApiProperty({ example: '凤鸣镇' })
  name!: string;

  @ApiProperty()
  count!: number;
}

export class DeviceCountView {
  @ApiProperty({ description: '覆盖的在用设备数' })
  count!: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: '按设备类型计数', example: { speaker: 20, tv: 2 } })
  byKind!: Record<string, number>;

  @ApiProperty({ type: [TownCountView], description: '按乡镇计数' })
  byTown!: TownCountView[];
}

export class UpdateDeviceDto {
  @ApiPropertyOptional({ description: '设备名称', example: '红岩村村委会广场喇叭', maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ description: '所属行政区划（12 位统计用区划代码，须已导入）', example: '510811100201' })
  @IsOptional()
  @Matches(/^\d{12}$/)
  regionCode?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', maxLength: 32 }, maxItems: 20, description: '标签（整体替换），最多 20 个，每个不超过 32 个字符', example: ['村村通', '广场'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  tags?: string[];

  @ApiPropertyOptional({
    type: [QuietHoursDto],
    maxItems: 6,
    nullable: true,
    description: '静音时段（本地时间，整体替换）；null 恢复按类型的默认值（喇叭 22:00–06:00），空数组表示不设静音时段',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto[] | null;

  @ApiPropertyOptional({
    type: [QuietHoursDto],
    maxItems: 6,
    nullable: true,
    description: '开放时段（轮播时段，本地时间，整体替换）；null 恢复按类型的默认值（屏幕 08:30–17:30，喇叭不轮播）',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => QuietHoursDto)
  openingHours?: QuietHoursDto[] | null;

  @ApiPropertyOptional({ type: 'integer', description: '默认音量 0–100：保存后立即下发给在线设备；null 表示不干预设备自身音量', minimum: 0, maximum: 100, nullable: true, example: 60 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  defaultVolume?: number | null;
}

export class CsvBodyDto {
  @ApiProperty({
    description: 'CSV 文本（UTF-8，首行为表头）。也可直接以 Content-Type: text/csv 发送 CSV 文本；JSON 请求体上限 256 KB，更大的文件请以 text/csv 发送',
    example: 'name,kind,regionCode,tags\n红岩村广场喇叭,speaker,510811100201,村村通;广场',
  })
  @IsString()
  csv!: string;
}

export class DeviceBulkQuery {
  @ApiPropertyOptional({ description: '为 true 时只校验不登记，返回每一行的问题', example: false })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  dryRun?: boolean;
}
