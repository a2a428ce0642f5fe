import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthResponse } from './health.response';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LeaderService } from '../leader/leader.service';
import { MqttBus } from '../mqtt/mqtt-bus';

import { findRepoRoot } from '@sunshine/media';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION: string = (JSON.parse(readFileSync(join(findRepoRoot(), 'package.json'), 'utf8')) as { version: string }).version;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bus: MqttBus,
    private readonly leader: LeaderService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '健康检查', description: '数据库与消息服务器状态、本进程是主节点还是备用节点（无需登录）' })
  @ApiOkResponse({ type: HealthResponse })
  async health(): Promise<HealthResponse> {
    const database = await this.db.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const mqtt = this.bus.connected;
    return { status: database && mqtt ? 'ok' : 'degraded', version: VERSION, database, mqtt, role: this.leader.role(), renderWorkers: this.config.renderWorkers };
  }
}
