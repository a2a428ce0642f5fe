import { ApiProperty } from '@nestjs/swagger';
import { ConflictResponse } from '../common/response-types';

/** The contract types (playlists/src/model) define the playlist and envelope; here they stay opaque objects. */
export class DevicePlaylistResponse {
  @ApiProperty()
  deviceId!: string;

  @ApiProperty({ description: '播放列表版本（内容哈希）' })
  version!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  publishedAt!: Date;

  @ApiProperty({ type: 'object', additionalProperties: true, description: '发布的播放列表（PlaylistPayload）' })
  playlist!: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, description: '签名信封（Ed25519，RFC 8785 规范化 JSON）' })
  envelope!: Record<string, unknown>;

  @ApiProperty({ type: [ConflictResponse], description: '编译时发现的冲突' })
  conflicts!: ConflictResponse[];
}
