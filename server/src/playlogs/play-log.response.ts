import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PlayOutcome } from '@sunshine/playlists';
import type { PlayLogEntity } from './play-log.entity';

export class PlayLogResponse implements PlayLogEntity {
  @ApiProperty({ description: '设备生成的记录 id（同一设备重复上报不会重复入库；不同设备的 id 可以相同）' })
  id!: string;

  @ApiProperty()
  deviceId!: string;

  @ApiProperty({ type: String, nullable: true })
  slotId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  scheduleId!: string | null;

  @ApiProperty({ format: 'uuid' })
  contentId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  revisionId!: string | null;

  @ApiProperty()
  sha256!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  startedAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  endedAt!: Date;

  @ApiProperty({ type: 'integer' })
  playedMs!: number;

  @ApiProperty({ enum: ['completed', 'interrupted', 'failed'] })
  outcome!: PlayOutcome;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', description: '服务器收到的时刻' })
  receivedAt!: Date;

  @ApiPropertyOptional({ type: String, nullable: true, description: '设备名称（分页查询时给出；设备已删除时为空）' })
  deviceName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '设备当前所在区划（分页查询时给出）' })
  regionCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '内容标题（最新版本，分页查询时给出）' })
  contentTitle?: string | null;
}
