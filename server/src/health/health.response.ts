import { ApiProperty } from '@nestjs/swagger';

export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded'], description: '数据库和消息服务器都正常时为 ok' })
  status!: 'ok' | 'degraded';

  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty({ description: '数据库可用' })
  database!: boolean;

  @ApiProperty({ description: '消息服务器已连接' })
  mqtt!: boolean;

  @ApiProperty({ enum: ['leader', 'standby'], description: '本进程的角色：主节点编译发布播放列表并执行定时任务；备用节点在主节点停止后 10 秒内接管' })
  role!: 'leader' | 'standby';

  @ApiProperty({ minimum: 0, description: '本进程同时执行的渲染任务数（RENDER_WORKERS；0 表示只排队，由渲染进程 npm run worker 渲染）' })
  renderWorkers!: number;
}
