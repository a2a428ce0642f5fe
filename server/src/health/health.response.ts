import { ApiProperty } from '@nestjs/swagger';

export class DependencyCheckResponse {
  @ApiProperty({ enum: ['database', 'mqtt', 'mediaStore'], description: '依赖项：数据库、消息服务器、媒体存储' })
  name!: 'database' | 'mqtt' | 'mediaStore';

  @ApiProperty({ description: '该依赖项是否正常' })
  ok!: boolean;

  @ApiProperty({ required: false, description: '不正常时的原因（中文）', example: '媒体存储目录不可写：ENOTDIR' })
  problem?: string;
}

export class MediaBinaryResponse {
  @ApiProperty({ description: '程序路径', example: '/opt/sunshine-cast/node_modules/ffmpeg-static/ffmpeg' })
  path!: string;

  @ApiProperty({
    enum: ['env', 'static', 'installer', 'path'],
    description: '从哪里找到：env 环境变量 FFMPEG_PATH/FFPROBE_PATH；static 可选依赖 ffmpeg-static（已下载且能运行时优先）；installer npm 自带的 @ffmpeg-installer/@ffprobe-installer；path 系统 PATH',
  })
  source!: 'env' | 'static' | 'installer' | 'path';

  @ApiProperty({ type: String, nullable: true, description: '启动时 `-version` 输出的第一行；null 表示无法运行（渲染将失败）', example: 'ffmpeg version 6.1.1-static' })
  version!: string | null;
}

export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded'], description: '所有依赖项都正常时为 ok（HTTP 200），否则为 degraded（HTTP 503）' })
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

  @ApiProperty({ type: MediaBinaryResponse, description: '本进程渲染用的 ffmpeg（启动时确定）' })
  ffmpeg!: MediaBinaryResponse;

  @ApiProperty({ type: MediaBinaryResponse, description: '本进程用的 ffprobe（启动时确定）' })
  ffprobe!: MediaBinaryResponse;

  @ApiProperty({ description: '媒体存储可写且剩余空间不低于 HEALTH_MIN_FREE_MB' })
  mediaStore!: boolean;

  @ApiProperty({ type: Number, nullable: true, description: '媒体存储所在磁盘的剩余字节数（无法获取时为 null）' })
  mediaStoreFreeBytes!: number | null;

  @ApiProperty({ type: [String], enum: ['database', 'mqtt', 'mediaStore'], description: '不正常的依赖项（全部正常时为空）', example: [] })
  down!: string[];

  @ApiProperty({ type: [DependencyCheckResponse], description: '每个依赖项的检查结果' })
  checks!: DependencyCheckResponse[];
}
