import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PlayPriority } from '@sunshine/playlists';
import { DeviceConflictResponse } from '../common/response-types';
import type { ScheduleEntity, ScheduleSlotsData, ScheduleTargetsData } from './schedule.entity';
import type { ScheduleCreated } from './schedules.service';

export class ScheduleTargetsResponse implements ScheduleTargetsData {
  @ApiPropertyOptional({ type: [String] })
  deviceIds?: string[];

  @ApiPropertyOptional({ type: [String] })
  regionCodes?: string[];

  @ApiPropertyOptional({ enum: ['speaker', 'tv', 'led'], isArray: true })
  kinds?: string[];

  @ApiPropertyOptional({ type: [String] })
  tags?: string[];
}

/** One of four shapes, told apart by `mode`; the other fields belong to the mode named. */
export class ScheduleSlotsResponse {
  @ApiProperty({ enum: ['now', 'times', 'rrule', 'loop'], description: '立即、定时、重复规则、轮播' })
  mode!: ScheduleSlotsData['mode'];

  @ApiPropertyOptional({ format: 'date-time', description: 'mode=now：播出时刻' })
  at?: string;

  @ApiPropertyOptional({ type: [String], description: 'mode=times：北京时间 "HH:MM" 或 "YYYY-MM-DDTHH:MM"' })
  times?: string[];

  @ApiPropertyOptional({ description: 'mode=rrule：RFC 5545 重复规则' })
  rrule?: string;

  @ApiPropertyOptional({ description: 'mode=rrule：起点（北京时间 YYYY-MM-DDTHH:MM）' })
  dtstart?: string;

  @ApiPropertyOptional({ type: [String], description: 'mode=rrule：排除的时刻' })
  exdates?: string[];
}

export class ScheduleResponse implements Omit<ScheduleEntity, 'slots'> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  contentId!: string;

  @ApiProperty({ format: 'uuid', description: '排期时已审核通过的修订' })
  revisionId!: string;

  @ApiProperty({ type: ScheduleTargetsResponse })
  targets!: ScheduleTargetsResponse;

  @ApiProperty({ type: ScheduleSlotsResponse })
  slots!: ScheduleSlotsResponse;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  windowFrom!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  windowUntil!: Date | null;

  @ApiProperty({ enum: ['emergency', 'timed', 'loop'] })
  priority!: PlayPriority;

  @ApiProperty({ type: 'integer' })
  repeat!: number;

  @ApiProperty({ description: '取消后为 false' })
  active!: boolean;

  @ApiProperty({ format: 'uuid' })
  createdBy!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
}

export class ScheduleCreatedResponse implements Omit<ScheduleCreated, 'schedule'> {
  @ApiProperty({ type: ScheduleResponse })
  schedule!: ScheduleResponse;

  @ApiProperty({ type: [String], description: '命中的设备编号' })
  targetedDevices!: string[];

  @ApiProperty({ type: [DeviceConflictResponse], description: '静音时段、重叠等冲突（保存成功，但需留意）' })
  conflicts!: DeviceConflictResponse[];
}
