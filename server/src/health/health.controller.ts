import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '@sunshine/media';
import { Public } from '../auth/auth.decorators';
import { HealthResponse } from './health.response';
import { HealthService } from './health.service';

const VERSION: string = (JSON.parse(readFileSync(join(findRepoRoot(), 'package.json'), 'utf8')) as { version: string }).version;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly checks: HealthService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '健康检查', description: '数据库、消息服务器、媒体存储（可写、剩余空间）的状态（无需登录）；任一不正常时 HTTP 503，并在 down 中列出' })
  @ApiOkResponse({ type: HealthResponse, description: '全部正常' })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: '至少一个依赖项不正常（见 down 与 checks）' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    return this.checks.report(VERSION).then((r) => (res.status(r.httpStatus), r.body));
  }
}
