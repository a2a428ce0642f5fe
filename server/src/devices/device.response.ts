import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DeviceStatePayload, QuietHours } from '@sunshine/playlists';
import type { CommandResult, DeviceCommandEntity } from './device-command.entity';
import type { DeviceKind } from './device.entity';
import type { DeviceView } from './devices.service';
import type { DeviceMessageProblem, DeviceMessageProblemCode } from './device-message-problem';

export class HoursResponse implements QuietHours {
  @ApiProperty({ example: '22:00', description: '开始（北京时间 HH:MM）' })
  from!: string;

  @ApiProperty({ example: '06:00', description: '结束（北京时间 HH:MM）' })
  until!: string;
}

export class NowPlayingResponse {
  @ApiProperty({ format: 'uuid' })
  contentId!: string;

  @ApiProperty({ type: String, nullable: true })
  slotId!: string | null;

  @ApiProperty()
  title!: string;

  @ApiProperty({ format: 'date-time', description: '开始播放的时刻' })
  since!: string;
}

/** The device's last retained state message, as it reported it. */
export class DeviceStateResponse implements DeviceStatePayload {
  @ApiProperty()
  online!: boolean;

  @ApiProperty()
  deviceId!: string;

  @ApiPropertyOptional()
  agentVersion?: string;

  @ApiProperty({ format: 'date-time', description: '设备时钟的上报时刻' })
  at!: string;

  @ApiPropertyOptional({ type: NowPlayingResponse, nullable: true })
  nowPlaying?: NowPlayingResponse | null;

  @ApiPropertyOptional({ type: 'integer' })
  volume?: number;

  @ApiPropertyOptional({ type: 'integer' })
  cacheBytes?: number;

  @ApiPropertyOptional({ type: 'integer' })
  clockOffsetMs?: number;

  @ApiPropertyOptional({ type: String, nullable: true })
  playlistVersion?: string | null;
}

export class DeviceMessageProblemResponse implements DeviceMessageProblem {
  @ApiProperty({ enum: ['RATE_LIMITED', 'MESSAGE_TOO_LARGE', 'MALFORMED_MESSAGE', 'WRONG_DEVICE', 'TOPIC_DENIED'], description: '消息被丢弃的原因代码' })
  code!: DeviceMessageProblemCode;

  @ApiProperty({ description: '原因说明', example: '消息过于频繁（每台设备每秒至多 10 条，瞬时至多 120 条），超出部分已丢弃' })
  message!: string;

  @ApiProperty({ format: 'date-time', description: '最近一次记录的时间' })
  at!: string;

  @ApiProperty({ type: 'integer', description: '自上次记录以来因此丢弃的消息数' })
  dropped!: number;
}

export class DeviceResponse implements DeviceView {
  @ApiProperty({ example: 'spk-510811100201-01' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ['speaker', 'tv', 'led'] })
  kind!: DeviceKind;

  @ApiProperty({ example: 'speaker', description: '设备规格' })
  profile!: string;

  @ApiProperty({ example: '510811100201' })
  regionCode!: string;

  @ApiProperty({ type: [String], description: '从本级到上级的区划代码' })
  regionChain!: string[];

  @ApiProperty({ type: [String] })
  tags!: string[];

  @ApiProperty({ type: [HoursResponse], description: '生效的静音时段（未设置时为该类型的默认值）' })
  quietHours!: HoursResponse[];

  @ApiProperty({ type: [HoursResponse], nullable: true, description: '轮播开放时段；null 表示该类型的默认值' })
  openingHours!: HoursResponse[] | null;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, nullable: true, description: '默认音量 0–100；null 为不干预' })
  defaultVolume!: number | null;

  @ApiProperty({ description: '是否启用；停用的设备无法连接，也不会收到播放列表' })
  active!: boolean;

  @ApiProperty()
  online!: boolean;

  @ApiProperty({ enum: ['online', 'offline'] })
  status!: 'online' | 'offline';

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '最后一次收到设备消息' })
  lastSeenAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  agentVersion!: string | null;

  @ApiProperty({ type: NowPlayingResponse, nullable: true, description: '正在播放；离线时为 null' })
  nowPlaying!: NowPlayingResponse | null;

  @ApiProperty({ type: 'integer', nullable: true })
  volume!: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  cacheBytes!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: '设备时钟减服务器时钟（毫秒），正数表示设备快' })
  clockOffsetMs!: number | null;

  @ApiProperty({ type: String, nullable: true })
  playlistVersion!: string | null;

  @ApiProperty({ type: DeviceStateResponse, nullable: true, description: '最后上报的原始状态' })
  state!: DeviceStateResponse | null;

  @ApiProperty({ type: DeviceMessageProblemResponse, nullable: true, description: '服务器最近一次丢弃该设备 MQTT 消息的原因（消息过频、过大、格式错误、冒用其他设备编号等）；从未发生时为 null' })
  messageProblem!: DeviceMessageProblemResponse | null;
}

export class AgentConnectionResponse {
  @ApiProperty({ description: '设备访问服务器的地址（PUBLIC_URL）', example: 'http://192.168.1.10:3000' })
  serverUrl!: string;

  @ApiProperty({ description: '设备连接的消息服务器地址（PUBLIC_MQTT_URL）', example: 'mqtt://192.168.1.10:1883' })
  mqttUrl!: string;
}

export class RegisteredDeviceResponse {
  @ApiProperty({ type: DeviceResponse })
  device!: DeviceResponse;

  @ApiProperty({ description: '设备令牌：只显示这一次，请妥善保存' })
  token!: string;

  @ApiProperty({ type: AgentConnectionResponse, description: '启动设备端程序所需的服务器地址' })
  agent!: AgentConnectionResponse;
}

export class DeviceCommandResponse implements DeviceCommandEntity {
  @ApiProperty({ format: 'uuid', description: '命令 id（签名信封中的 commandId）' })
  id!: string;

  @ApiProperty()
  deviceId!: string;

  @ApiProperty({ enum: ['set-volume', 'sync-now', 'stop', 'identify'] })
  type!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: '发送的命令，如 { type: "set-volume", volume: 60 }' })
  command!: Record<string, unknown>;

  @ApiProperty({ format: 'uuid' })
  sentBy!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  sentAt!: Date;

  @ApiProperty({ enum: ['pending', 'ok', 'failed'] })
  result!: CommandResult;

  @ApiProperty({ type: String, nullable: true })
  message!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resultAt!: Date | null;
}
