import { ApiProperty } from '@nestjs/swagger';
import type { AlertLevel, AlertMedia } from '@sunshine/playlists';
import { MediaRefResponse } from '../common/response-types';
import type { AlertAuditAction, AlertAuditEntity, AlertAuditSource } from './alert-audit.entity';
import type { DeliveryState, StateCounts } from './alert-deliveries';
import type { AlertDeliveryEntity } from './alert-delivery.entity';
import type { AlertSource, AlertStatus } from './alert.entity';
import type { AlertDetail, AlertView } from './alerts.service';
import type { CapIngestResult } from './cap-ingest.service';

const DELIVERY_STATES: DeliveryState[] = ['waiting', 'received', 'playing', 'success', 'failed', 'cancelled'];

export class AlertMediaResponse implements AlertMedia {
  @ApiProperty({ type: MediaRefResponse, description: '预警提示音（所有预警相同）' })
  tone!: MediaRefResponse;

  @ApiProperty({ type: MediaRefResponse, nullable: true, description: '播报语音；合成失败时为 null，只播提示音' })
  speech!: MediaRefResponse | null;
}

export class AlertToneResponse {
  @ApiProperty({ type: MediaRefResponse })
  tone!: MediaRefResponse;
}

export class AlertCapRefResponse {
  @ApiProperty({ description: 'CAP <sender>' })
  sender!: string;

  @ApiProperty({ description: 'CAP <identifier>' })
  identifier!: string;

  @ApiProperty({ type: String, nullable: true, description: 'CAP <sent>' })
  sent!: string | null;
}

/** Device answers per state. */
export class StateCountsResponse implements StateCounts {
  @ApiProperty({ type: 'integer', description: '尚未应答' })
  waiting!: number;

  @ApiProperty({ type: 'integer', description: '已收到' })
  received!: number;

  @ApiProperty({ type: 'integer', description: '正在播放' })
  playing!: number;

  @ApiProperty({ type: 'integer', description: '播放成功' })
  success!: number;

  @ApiProperty({ type: 'integer', description: '播放失败' })
  failed!: number;

  @ApiProperty({ type: 'integer', description: '已撤销' })
  cancelled!: number;
}

export class AlertResponse implements AlertView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ['pending-confirmation', 'active', 'cancelled', 'expired', 'exercise'] })
  status!: AlertStatus;

  @ApiProperty({ type: 'integer', enum: [1, 2, 3, 4], description: '1 特别重大、2 重大、3 较大、4 一般' })
  level!: AlertLevel;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  text!: string;

  @ApiProperty({ example: 'espeak:cmn' })
  voice!: string;

  @ApiProperty({ type: 'integer' })
  repeat!: number;

  @ApiProperty({ type: [String] })
  regionCodes!: string[];

  @ApiProperty({ enum: ['console', 'api', 'cap'] })
  source!: AlertSource;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdBy!: string | null;

  @ApiProperty({ type: AlertCapRefResponse, nullable: true })
  cap!: AlertCapRefResponse | null;

  @ApiProperty({ type: [String], description: '被本预警替代的预警 id' })
  supersedes!: string[];

  @ApiProperty({ type: AlertMediaResponse, nullable: true })
  media!: AlertMediaResponse | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  publishedAt!: Date | null;

  @ApiProperty({ type: 'integer', nullable: true })
  publishLatencyMs!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt!: Date | null;

  @ApiProperty({ type: 'integer' })
  targetedDevices!: number;

  @ApiProperty({ type: StateCountsResponse })
  counts!: StateCountsResponse;
}

export class DeviceRegionResponse {
  @ApiProperty()
  deviceId!: string;

  @ApiProperty()
  regionCode!: string;
}

export class FailedDeliveryResponse extends DeviceRegionResponse {
  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
}

export class RegionDeliveriesResponse {
  @ApiProperty()
  regionCode!: string;

  @ApiProperty({ type: String, nullable: true, description: '区划名称' })
  name!: string | null;

  @ApiProperty({ type: 'integer' })
  total!: number;

  @ApiProperty({ type: StateCountsResponse })
  byState!: StateCountsResponse;
}

export class TownDeliveriesResponse {
  @ApiProperty({ type: String, nullable: true, description: '设备所在乡镇代码；直接登记在区县上的设备为 null' })
  townCode!: string | null;

  @ApiProperty({ type: String, nullable: true, description: '乡镇名称' })
  name!: string | null;

  @ApiProperty({ type: 'integer' })
  total!: number;

  @ApiProperty({ type: StateCountsResponse })
  byState!: StateCountsResponse;
}

export class DeliveriesResponse {
  @ApiProperty({ type: 'integer' })
  total!: number;

  @ApiProperty({ type: StateCountsResponse })
  byState!: StateCountsResponse;

  @ApiProperty({ type: [RegionDeliveriesResponse], description: '按目标区划统计' })
  byRegion!: RegionDeliveriesResponse[];

  @ApiProperty({ type: [TownDeliveriesResponse], description: '按设备所在乡镇统计（无论目标是哪一级）' })
  byTown!: TownDeliveriesResponse[];

  @ApiProperty({ type: [DeviceRegionResponse], description: '尚未应答的设备' })
  unanswered!: DeviceRegionResponse[];

  @ApiProperty({ type: [FailedDeliveryResponse] })
  failed!: FailedDeliveryResponse[];
}

export class AlertDetailResponse extends AlertResponse implements AlertDetail {
  @ApiProperty({ type: DeliveriesResponse })
  deliveries!: DeliveriesResponse;
}

export class AlertDeliveryResponse implements AlertDeliveryEntity {
  @ApiProperty({ format: 'uuid' })
  alertId!: string;

  @ApiProperty()
  deviceId!: string;

  @ApiProperty({ description: '覆盖该设备的目标区划' })
  regionCode!: string;

  @ApiProperty({ enum: DELIVERY_STATES })
  state!: DeliveryState;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ description: '预警播出时是否在目标设备之列' })
  targeted!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  answeredAt!: Date | null;
}

export class AlertAuditResponse implements AlertAuditEntity {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  alertId!: string;

  @ApiProperty({ enum: ['sent', 'held', 'exercise-stored', 'confirmed', 'cancelled', 'expired'] })
  action!: AlertAuditAction;

  @ApiProperty({ enum: ['console', 'api', 'cap', 'system'] })
  source!: AlertAuditSource;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  actorName!: string | null;

  @ApiProperty({ type: String, nullable: true })
  capSender!: string | null;

  @ApiProperty({ type: [String] })
  regionCodes!: string[];

  @ApiProperty({ type: String, nullable: true })
  detail!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: Date;
}

export class CapIngestResponse implements CapIngestResult {
  @ApiProperty({ enum: ['aired', 'pending-confirmation', 'exercise', 'cancelled', 'ignored', 'duplicate'] })
  outcome!: CapIngestResult['outcome'];

  @ApiProperty({ description: '中文说明' })
  message!: string;

  @ApiProperty({ type: AlertResponse, nullable: true })
  alert!: AlertResponse | null;

  @ApiProperty({ type: [String], description: '本消息撤销或替代的预警 id' })
  referenced!: string[];
}
