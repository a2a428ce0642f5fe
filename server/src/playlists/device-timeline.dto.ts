import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { QuietHoursDto } from '../devices/device.dto';

export class TimelineQuery {
  @ApiProperty({ example: '2026-12-01', description: '北京时间的日期' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'date 应为 YYYY-MM-DD' })
  date!: string;
}

export class TimelineItemView {
  @ApiProperty({ example: '2026-12-01T07:00:00+08:00' })
  start!: string;

  @ApiPropertyOptional({ description: '结束时刻；媒体尚未渲染时省略' })
  end?: string;

  @ApiProperty({ nullable: true, type: String, description: '内容编号（应急广播为空）' })
  contentId!: string | null;

  @ApiProperty({ nullable: true, type: String })
  revisionId!: string | null;

  @ApiProperty()
  title!: string;

  @ApiProperty({ nullable: true, type: String, description: '排期编号（应急广播为空）' })
  scheduleId!: string | null;

  @ApiPropertyOptional({ description: '应急广播编号' })
  alertId?: string;

  @ApiProperty({ enum: ['emergency', 'timed', 'loop'], description: '优先级' })
  priority!: string;

  @ApiProperty({ enum: ['slot', 'loop', 'alert'], description: '定时播出、轮播或应急广播' })
  kind!: string;

  @ApiProperty({
    enum: ['plays', 'dropped-quiet-hours', 'overlap', 'no-media', 'pre-empted'],
    description: '播出、因静音时段跳过、因重叠让位、缺少媒体、被应急广播打断',
  })
  status!: string;

  @ApiProperty({ description: '原因说明' })
  reason!: string;
}

export class DeviceTimelineView {
  @ApiProperty()
  deviceId!: string;

  @ApiProperty({ example: '2026-12-01' })
  date!: string;

  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone!: string;

  @ApiProperty({ type: [QuietHoursDto], description: '生效的静音时段' })
  quietHours!: QuietHoursDto[];

  @ApiProperty({ type: [TimelineItemView], description: '当天每一项，按开始时刻排序' })
  items!: TimelineItemView[];
}
