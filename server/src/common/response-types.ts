import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CompileConflict, MediaRef } from '@sunshine/playlists';

/** A compiler conflict in one device's playlist (quiet hours, overlap, missing media). */
export class ConflictResponse implements CompileConflict {
  @ApiProperty({ enum: ['quiet-hours', 'overlap', 'missing-media'] })
  kind!: CompileConflict['kind'];

  @ApiProperty()
  slotId!: string;

  @ApiProperty({ format: 'uuid' })
  scheduleId!: string;

  @ApiProperty({ description: '中文说明' })
  message!: string;

  @ApiPropertyOptional({ description: '与之冲突的时段' })
  otherSlotId?: string;
}

/** A conflict found when saving a schedule, with the device it concerns. */
export class DeviceConflictResponse extends ConflictResponse {
  @ApiProperty({ description: '设备编号' })
  deviceId!: string;
}

/** A media file by hash, as agents fetch it. */
export class MediaRefResponse implements MediaRef {
  @ApiProperty({ description: '绝对网址，或相对服务器的路径 /media/<sha256>.mp3', example: '/media/0f3a….mp3' })
  url!: string;

  @ApiProperty()
  sha256!: string;

  @ApiProperty({ type: 'integer', description: '字节数' })
  size!: number;

  @ApiProperty({ type: 'integer' })
  durationMs!: number;

  @ApiProperty({ example: 'audio/mpeg' })
  mime!: string;
}
