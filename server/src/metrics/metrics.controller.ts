import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { MetricsService } from './metrics.service';

/** Outside /api (excluded from the prefix) where Prometheus looks by default; public like the health probe. */
@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Prometheus 指标', description: 'Prometheus 文本格式（无需登录）：在线设备数、播放列表发布与耗时、渲染队列与耗时、应急广播到播时间与回执比例、播放记录入库数、HTTP 请求耗时、进程指标' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus 文本格式（text/plain; version=0.0.4）', content: { 'text/plain': { schema: { type: 'string' } } } })
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    return this.metrics.scrape().then((text) => (res.type(this.metrics.contentType), text));
  }
}
