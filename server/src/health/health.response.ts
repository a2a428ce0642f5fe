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
}
