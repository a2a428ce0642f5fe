import { ApiProperty } from '@nestjs/swagger';
import type { PeriodKind } from './report-period';
import { PERIOD_KINDS } from './report-period';

export class ReportPeriodResponse {
  @ApiProperty({ enum: PERIOD_KINDS })
  kind!: PeriodKind;

  @ApiProperty({ type: String, format: 'date-time', description: '起始时刻（含，北京时间零点）' })
  from!: Date;

  @ApiProperty({ type: String, format: 'date-time', description: '结束时刻（不含）' })
  to!: Date;

  @ApiProperty({ example: '2026-07-01', description: '第一天' })
  firstDay!: string;

  @ApiProperty({ example: '2026-09-30', description: '最后一天' })
  lastDay!: string;

  @ApiProperty({ example: '2026年第3季度', description: '周期名称' })
  label!: string;
}

export class ReportRegionResponse {
  @ApiProperty({ example: '510811000000' })
  code!: string;

  @ApiProperty({ example: '栖凤区' })
  name!: string;

  @ApiProperty({ enum: ['province', 'city', 'county', 'town', 'village'] })
  level!: string;
}

const FAILED_BY_REASON = { type: 'object', additionalProperties: { type: 'integer' }, description: '失败次数（按原因，如 media-missing）' } as const;

export class CoverageTotalsResponse {
  @ApiProperty({ type: 'integer', description: '设备数（有计划或有播出的）' })
  devices!: number;

  @ApiProperty({ type: 'integer', description: '计划播出次数（周期内已到时间的时段；被静音时段等剔除的不计）' })
  planned!: number;

  @ApiProperty({ type: 'integer', description: '完整播出次数' })
  aired!: number;

  @ApiProperty({ type: Number, nullable: true, description: '完成率（0–1）；无计划时为空' })
  completion!: number | null;

  @ApiProperty({ type: 'integer', description: '播出时长（秒，含循环播放）' })
  airtimeSeconds!: number;

  @ApiProperty({ type: 'integer', description: '中途打断次数' })
  interrupted!: number;

  @ApiProperty({ type: 'integer', description: '失败次数' })
  failed!: number;

  @ApiProperty(FAILED_BY_REASON)
  failedByReason!: Record<string, number>;

  @ApiProperty({ type: 'integer', description: '尚未回传播放记录的计划时段' })
  notReported!: number;

  @ApiProperty({ type: Number, nullable: true, description: '设备在线率（周期内已过去的时间，0–1）' })
  onlineShare!: number | null;

  @ApiProperty({ description: '完成率低于合格线' })
  flagged!: boolean;
}

export class CoverageRowResponse extends CoverageTotalsResponse {
  @ApiProperty({ description: '区划代码或设备编号' })
  key!: string;

  @ApiProperty({ description: '区划名称或设备名称' })
  name!: string;

  @ApiProperty({ enum: ['region', 'device'] })
  kind!: 'region' | 'device';

  @ApiProperty({ type: String, nullable: true, description: '下钻：下一级的覆盖报表（API 路径）；设备行为空' })
  drillDown!: string | null;

  @ApiProperty({ type: String, nullable: true, description: '设备行：该设备本周期的播放记录（API 路径）' })
  playLogs!: string | null;
}

export class CoverageReportResponse {
  @ApiProperty({ example: '播出覆盖报表' })
  title!: string;

  @ApiProperty({ type: ReportPeriodResponse })
  period!: ReportPeriodResponse;

  @ApiProperty({ type: ReportRegionResponse })
  region!: ReportRegionResponse;

  @ApiProperty({ enum: ['region', 'device'], description: '行是下一级区划还是设备（村级时）' })
  groupBy!: 'region' | 'device';

  @ApiProperty({ type: Number, description: '合格线（0–1）' })
  threshold!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  generatedAt!: Date;

  @ApiProperty({ type: [CoverageRowResponse] })
  rows!: CoverageRowResponse[];

  @ApiProperty({ type: CoverageTotalsResponse })
  totals!: CoverageTotalsResponse;
}

const NOT_AIRED = ['withdrawn', 'quiet-hours', 'media-missing', 'overlap', 'offline', 'failed', 'not-reported', 'not-due'];

export class ReachContentResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: '标题（已通过审核的版本，否则最新版本）' })
  title!: string;

  @ApiProperty({ enum: ['notice', 'interpretation'] })
  category!: string;

  @ApiProperty({ description: '发布部门' })
  department!: string;

  @ApiProperty({ enum: ['draft', 'submitted', 'approved', 'rejected', 'withdrawn'] })
  status!: string;
}

export class ReachSummaryResponse {
  @ApiProperty({ type: 'integer', description: '计划播出或已播出的设备数' })
  targetedDevices!: number;

  @ApiProperty({ type: 'integer', description: '已完整播出的设备数' })
  airedDevices!: number;

  @ApiProperty({ type: 'integer', description: '涉及的村（社区）数' })
  villages!: number;

  @ApiProperty({ type: 'integer', description: '已播出的村数' })
  airedVillages!: number;

  @ApiProperty({ type: 'integer', description: '完整播出次数' })
  plays!: number;
}

export class ReachVillageResponse {
  @ApiProperty({ example: '510811100201' })
  code!: string;

  @ApiProperty({ description: '村名（区划已删除时为代码）' })
  name!: string;

  @ApiProperty({ type: 'integer' })
  targetedDevices!: number;

  @ApiProperty({ type: 'integer' })
  airedDevices!: number;

  @ApiProperty({ type: 'integer' })
  plays!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '首次播出' })
  firstAiredAt!: Date | null;
}

export class ReachDeviceResponse {
  @ApiProperty()
  deviceId!: string;

  @ApiProperty({ description: '设备名称（已删除时为编号）' })
  deviceName!: string;

  @ApiProperty({ description: '播出时所在的村' })
  regionCode!: string;

  @ApiProperty()
  regionName!: string;

  @ApiProperty({ type: 'integer', description: '周期内已到时间的计划时段数' })
  planned!: number;

  @ApiProperty({ type: 'integer', description: '完整播出次数' })
  plays!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  firstAiredAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastAiredAt!: Date | null;

  @ApiProperty({ type: String, enum: NOT_AIRED, nullable: true, description: '未播出的原因（已播出时为空）' })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true, description: '原因（中文）' })
  reasonLabel!: string | null;
}

export class ContentReachResponse {
  @ApiProperty({ example: '内容到达报表' })
  title!: string;

  @ApiProperty({ type: ReachContentResponse })
  content!: ReachContentResponse;

  @ApiProperty({ type: ReportPeriodResponse })
  period!: ReportPeriodResponse;

  @ApiProperty({ type: ReportRegionResponse })
  region!: ReportRegionResponse;

  @ApiProperty({ type: String, format: 'date-time' })
  generatedAt!: Date;

  @ApiProperty({ type: ReachSummaryResponse })
  summary!: ReachSummaryResponse;

  @ApiProperty({ type: [ReachVillageResponse] })
  villages!: ReachVillageResponse[];

  @ApiProperty({ type: [ReachDeviceResponse], description: '已播出的设备' })
  aired!: ReachDeviceResponse[];

  @ApiProperty({ type: [ReachDeviceResponse], description: '计划播出但尚未播出的设备（附原因）' })
  notAired!: ReachDeviceResponse[];
}

export class AvailabilityTotalsResponse {
  @ApiProperty({ type: 'integer' })
  devices!: number;

  @ApiProperty({ type: Number, nullable: true, description: '平均在线率（0–1，按周期内已过去的时间）' })
  onlineShare!: number | null;

  @ApiProperty({ type: 'integer', description: '离线次数' })
  outages!: number;

  @ApiProperty({ type: 'integer', description: '离线总时长（秒）' })
  outageSeconds!: number;
}

export class AvailabilityRowResponse extends AvailabilityTotalsResponse {
  @ApiProperty({ description: '区划代码或设备编号' })
  key!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ['region', 'device'] })
  kind!: 'region' | 'device';
}

export class OutageResponse {
  @ApiProperty()
  deviceId!: string;

  @ApiProperty()
  deviceName!: string;

  @ApiProperty()
  regionCode!: string;

  @ApiProperty()
  regionName!: string;

  @ApiProperty({ type: String, format: 'date-time', description: '离线开始（周期开始前已离线时为周期开始）' })
  from!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '恢复在线；周期结束时仍离线为空' })
  until!: Date | null;

  @ApiProperty({ type: 'integer', description: '周期内的离线时长（秒）' })
  seconds!: number;
}

export class DeviceAvailabilityResponse {
  @ApiProperty()
  deviceId!: string;

  @ApiProperty()
  deviceName!: string;

  @ApiProperty()
  regionCode!: string;

  @ApiProperty()
  regionName!: string;

  @ApiProperty({ type: Number, nullable: true, description: '在线率（0–1）' })
  onlineShare!: number | null;

  @ApiProperty({ type: 'integer', description: '在线时长（秒）' })
  onlineSeconds!: number;

  @ApiProperty({ type: 'integer', description: '周期内已过去的时长（秒）' })
  periodSeconds!: number;

  @ApiProperty({ type: 'integer', description: '离线次数' })
  outages!: number;
}

export class AvailabilityReportResponse {
  @ApiProperty({ example: '设备在线率报表' })
  title!: string;

  @ApiProperty({ type: ReportPeriodResponse })
  period!: ReportPeriodResponse;

  @ApiProperty({ type: ReportRegionResponse })
  region!: ReportRegionResponse;

  @ApiProperty({ enum: ['region', 'device'] })
  groupBy!: 'region' | 'device';

  @ApiProperty({ type: String, format: 'date-time' })
  generatedAt!: Date;

  @ApiProperty({ type: [AvailabilityRowResponse] })
  rows!: AvailabilityRowResponse[];

  @ApiProperty({ type: AvailabilityTotalsResponse })
  totals!: AvailabilityTotalsResponse;

  @ApiProperty({ type: [DeviceAvailabilityResponse] })
  devices!: DeviceAvailabilityResponse[];

  @ApiProperty({ type: [OutageResponse], description: '离线清单（按开始时间）' })
  outages!: OutageResponse[];
}

export class AlertFiguresResponse {
  @ApiProperty({ type: 'integer', description: '覆盖设备数' })
  targeted!: number;

  @ApiProperty({ type: 'integer', description: '已收到（有任何回执）' })
  received!: number;

  @ApiProperty({ type: 'integer', description: '已开始播放' })
  played!: number;

  @ApiProperty({ type: 'integer', description: '播放成功' })
  succeeded!: number;

  @ApiProperty({ type: 'integer', description: '播放失败' })
  failed!: number;

  @ApiProperty({ type: 'integer', description: '已取消' })
  cancelled!: number;

  @ApiProperty({ type: 'integer', description: '无任何回执' })
  waiting!: number;

  @ApiProperty({ type: Number, nullable: true, description: '回执率（0–1）' })
  ackShare!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: '从发出到首台设备开始播放（秒）' })
  firstPlaybackSeconds!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: '从发出到开始播放的中位数（秒）' })
  medianPlaybackSeconds!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: '从发出到最后一台设备开始播放（秒）' })
  lastPlaybackSeconds!: number | null;
}

export class AlertReportRowResponse extends AlertFiguresResponse {
  @ApiProperty({ format: 'uuid' })
  alertId!: string;

  @ApiProperty()
  alertTitle!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 4, description: '预警级别（1 红、2 橙、3 黄、4 蓝）' })
  level!: number;

  @ApiProperty({ enum: ['pending-confirmation', 'active', 'cancelled', 'expired', 'exercise'] })
  status!: string;

  @ApiProperty({ type: String, format: 'date-time', description: '发出时刻（发布；未发布时为受理时刻）' })
  sentAt!: Date;
}

export class AlertsReportResponse {
  @ApiProperty({ example: '应急广播报表' })
  title!: string;

  @ApiProperty({ type: ReportPeriodResponse })
  period!: ReportPeriodResponse;

  @ApiProperty({ type: ReportRegionResponse })
  region!: ReportRegionResponse;

  @ApiProperty({ type: String, format: 'date-time' })
  generatedAt!: Date;

  @ApiProperty({ type: [AlertReportRowResponse] })
  rows!: AlertReportRowResponse[];

  @ApiProperty({ type: AlertFiguresResponse, description: '合计（时效按所有设备合并计算）' })
  totals!: AlertFiguresResponse;
}

export class AlertTownRowResponse extends AlertFiguresResponse {
  @ApiProperty({ description: '乡镇代码（设备现在所在）' })
  code!: string;

  @ApiProperty()
  name!: string;
}

export class AlertReportResponse {
  @ApiProperty({ example: '应急广播报表' })
  title!: string;

  @ApiProperty({ type: AlertReportRowResponse })
  alert!: AlertReportRowResponse;

  @ApiProperty({ type: ReportRegionResponse })
  region!: ReportRegionResponse;

  @ApiProperty({ type: String, format: 'date-time' })
  generatedAt!: Date;

  @ApiProperty({ type: [AlertTownRowResponse], description: '按乡镇' })
  towns!: AlertTownRowResponse[];

  @ApiProperty({ type: AlertFiguresResponse })
  totals!: AlertFiguresResponse;
}
