import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RowProblem } from '../common/csv';
import { QuietHoursDto } from './device.dto';
import type { DeviceKind } from './device.entity';
import type { DeviceView } from './devices.service';

class NowPlayingResponse {
  @ApiProperty({ description: '内容编号' })
  contentId!: string;
  @ApiProperty({ description: '播放时段编号；轮播为 null', nullable: true, type: String })
  slotId!: string | null;
  @ApiProperty({ description: '标题' })
  title!: string;
  @ApiProperty({ description: '开始播放时间（ISO-8601）' })
  since!: string;
}

/** A device as the API serves it (OpenAPI shape of DeviceView). */
export class DeviceResponse implements Omit<DeviceView, 'state' | 'nowPlaying'> {
  @ApiProperty({ example: 'spk-510811100201-01' })
  id!: string;
  @ApiProperty({ example: '红岩村村委会广场喇叭' })
  name!: string;
  @ApiProperty({ enum: ['speaker', 'tv', 'led'] })
  kind!: DeviceKind;
  @ApiProperty({ description: '设备规格', example: 'speaker' })
  profile!: string;
  @ApiProperty({ example: '510811100201' })
  regionCode!: string;
  @ApiProperty({ type: [String], description: '本级及各上级区划代码，由近及远' })
  regionChain!: string[];
  @ApiProperty({ type: [String] })
  tags!: string[];
  @ApiProperty({ type: [QuietHoursDto], description: '生效的静音时段（未设置时为按类型的默认值）' })
  quietHours!: QuietHoursDto[];
  @ApiProperty({ type: [QuietHoursDto], nullable: true, description: '开放（轮播）时段；null 为按类型的默认值' })
  openingHours!: QuietHoursDto[] | null;
  @ApiProperty({ type: Number, nullable: true, description: '默认音量 0–100；null 为不干预' })
  defaultVolume!: number | null;
  @ApiProperty({ description: '是否启用；停用的设备无法连接，也不会收到播放列表' })
  active!: boolean;
  @ApiProperty()
  online!: boolean;
  @ApiProperty({ enum: ['online', 'offline'] })
  status!: 'online' | 'offline';
  @ApiProperty({ type: Date, nullable: true })
  lastSeenAt!: Date | null;
  @ApiProperty({ type: String, nullable: true })
  agentVersion!: string | null;
  @ApiPropertyOptional({ type: NowPlayingResponse, nullable: true })
  nowPlaying!: NowPlayingResponse | null;
  @ApiProperty({ type: Number, nullable: true })
  volume!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  cacheBytes!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '设备时钟减服务器时钟（毫秒）' })
  clockOffsetMs!: number | null;
  @ApiProperty({ type: String, nullable: true })
  playlistVersion!: string | null;
  @ApiProperty({ type: Object, nullable: true, description: '设备最近上报的原始状态' })
  state!: Record<string, unknown> | null;
}

export class DeviceTokenResponse {
  @ApiProperty({ type: DeviceResponse })
  device!: DeviceResponse;
  @ApiProperty({ description: '新的设备令牌：只显示这一次，旧令牌已立即失效' })
  token!: string;
}

export class RowProblemResponse implements RowProblem {
  @ApiProperty({ description: '文件中的行号（表头为第 1 行）', example: 3 })
  line!: number;
  @ApiProperty({ description: '原因', example: '区划代码“5108”不是合法的 12 位统计用区划代码' })
  reason!: string;
}

export class BulkDryRunResponse {
  @ApiProperty({ description: '没有任何问题、可以登记' })
  ok!: boolean;
  @ApiProperty({ description: '校验通过的行数' })
  valid!: number;
  @ApiProperty({ type: [RowProblemResponse] })
  problems!: RowProblemResponse[];
}

export class DeviceDeletedResponse {
  @ApiProperty({ example: 'spk-510811100201-01' })
  id!: string;
  @ApiProperty({ example: true })
  deleted!: boolean;
}
