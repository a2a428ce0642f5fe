import { ApiProperty } from '@nestjs/swagger';

export class TownStatusView {
  @ApiProperty({ example: '510811100000' })
  code!: string;

  @ApiProperty({ example: '凤鸣镇' })
  name!: string;

  @ApiProperty({ description: '在线设备数' })
  online!: number;

  @ApiProperty({ description: '离线设备数' })
  offline!: number;

  @ApiProperty({ description: '在用设备总数' })
  total!: number;
}

export class AirTodayView {
  @ApiProperty()
  scheduleId!: string;

  @ApiProperty()
  contentId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: [String], description: '今天的播出时刻（ISO，+08:00）' })
  times!: string[];

  @ApiProperty({ description: '覆盖的在用设备数' })
  deviceCount!: number;
}

export class RenderInProgressView {
  @ApiProperty()
  jobId!: string;

  @ApiProperty()
  contentId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ example: 'speaker', description: '设备配置（喇叭、大厅电视、LED…）' })
  profile!: string;

  @ApiProperty({ minimum: 0, maximum: 1, description: '进度 0–1' })
  progress!: number;

  @ApiProperty({ enum: ['queued', 'running'], description: '排队中或渲染中' })
  state!: string;
}

export class AlertCountsView {
  @ApiProperty({ description: '尚未应答' })
  waiting!: number;

  @ApiProperty({ description: '已收到' })
  received!: number;

  @ApiProperty({ description: '正在播放' })
  playing!: number;

  @ApiProperty({ description: '播放成功' })
  success!: number;

  @ApiProperty({ description: '播放失败' })
  failed!: number;

  @ApiProperty({ description: '已撤销' })
  cancelled!: number;
}

export class AlertInProgressView {
  @ApiProperty()
  id!: string;

  @ApiProperty({ description: '预警级别 1 特别重大 … 4 一般' })
  level!: number;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  text!: string;

  @ApiProperty({ enum: ['active', 'pending-confirmation'], description: '正在播出或等待值班员确认' })
  status!: string;

  @ApiProperty({ enum: ['console', 'api', 'cap'] })
  source!: string;

  @ApiProperty({ type: AlertCountsView, description: '设备应答数（按状态）' })
  counts!: AlertCountsView;
}

export class ProblemDeviceView {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  regionCode!: string;

  @ApiProperty({
    type: [String],
    enum: ['offline-1h', 'failed-plays', 'clock-offset', 'cache-full'],
    description: '离线超过 1 小时、近 24 小时有播放失败、时钟偏差超过 5 秒、缓存用量达配额 95%',
  })
  problems!: string[];

  @ApiProperty({ description: '说明' })
  detail!: string;
}

export class DashboardView {
  @ApiProperty({ type: [TownStatusView], description: '各乡镇设备在线情况' })
  towns!: TownStatusView[];

  @ApiProperty({ type: [AirTodayView], description: '今天的定时播出' })
  airsToday!: AirTodayView[];

  @ApiProperty({ description: '待审核的内容数' })
  pendingReview!: number;

  @ApiProperty({ type: [RenderInProgressView], description: '排队中和渲染中的任务' })
  rendersInProgress!: RenderInProgressView[];

  @ApiProperty({ type: [AlertInProgressView], description: '正在播出和等待确认的应急广播' })
  alertsInProgress!: AlertInProgressView[];

  @ApiProperty({ type: [ProblemDeviceView], description: '需要关注的设备' })
  problemDevices!: ProblemDeviceView[];
}
