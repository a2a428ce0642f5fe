import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponse } from '../common/error-response';
import { AlertAuditResponse, AlertDeliveryResponse, AlertDetailResponse, AlertResponse, AlertToneResponse, CapIngestResponse } from './alert.response';
import { ApiArrayOrPage, Page } from '../common/pagination';
import type { MediaRef } from '@sunshine/playlists';
import { AuthUser, CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { AppError, ErrorCode } from '../common/app-error';
import { CancelAlertDto, CreateAlertDto, ListAlertsQuery } from './alert.dto';
import { AlertAuditEntity } from './alert-audit.entity';
import { AlertDeliveryEntity } from './alert-delivery.entity';
import type { AlertSource } from './alert.entity';
import { AlertDetail, AlertsService, AlertView } from './alerts.service';
import { CapIngestResult, CapIngestService } from './cap-ingest.service';

/** The web console marks its requests, so the audit trail can tell the console from other API clients. */
const SOURCE_HEADER = 'x-sunshine-source';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly cap: CapIngestService,
  ) {}

  @Post()
  @ApiOperation({ summary: '发布应急广播', description: '快速合成语音，按区划发布签名预警；目标区划内的喇叭立即插播（无视静音时段）' })
  @ApiCreatedResponse({ type: AlertResponse })
  @Roles('emergency')
  @ApiHeader({ name: SOURCE_HEADER, required: false, description: '“console” 表示来自网页控制台（记入审计）' })
  send(@Body() dto: CreateAlertDto, @CurrentUser() user: AuthUser, @Headers(SOURCE_HEADER) source?: string): Promise<AlertView> {
    return this.alerts.create(dto, { user, source: sourceOf(source) }, 'air');
  }

  @Post('cap')
  @ApiOperation({ summary: '接收 CAP 1.2 预警', description: '演练/测试不播出；Cancel/Update 撤销或替代先前预警；部分级别需值班员确认' })
  @ApiOkResponse({ type: CapIngestResponse })
  @ApiResponse({ status: 415, type: ErrorResponse, description: '不是 XML（UNSUPPORTED_MEDIA_TYPE）' })
  @HttpCode(200)
  @Roles('emergency')
  @ApiConsumes('application/xml', 'text/xml', 'application/cap+xml')
  @ApiBody({ description: 'OASIS CAP 1.2 文档', schema: { type: 'string' } })
  ingestCap(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<CapIngestResult> {
    if (typeof body !== 'string') {
      throw new AppError(ErrorCode.UnsupportedMediaType, 415, 'CAP 预警须以 XML 提交（Content-Type: application/xml 或 text/xml）');
    }
    return this.cap.ingest(body, user);
  }

  /** Public like the media itself: agents fetch the tone ahead of any alert (they hold no user token). */
  @Public()
  @Get('tone')
  @ApiOperation({ summary: '预警提示音', description: '设备预先下载（无需登录）' })
  @ApiOkResponse({ type: AlertToneResponse })
  tone(): Promise<{ tone: MediaRef }> {
    return this.alerts.tone();
  }

  @Get()
  @Roles('emergency', 'operator')
  @ApiOperation({ summary: '应急广播列表（新的在前，可按状态、来源筛选，含等待确认的 CAP 预警；给出 page/pageSize 时分页）' })
  @ApiArrayOrPage(AlertResponse, '未给出 page/pageSize 时为最近 200 条的数组，否则为分页结果')
  list(@Query() q: ListAlertsQuery, @CurrentUser() user: AuthUser): Promise<AlertView[] | Page<AlertView>> {
    return this.alerts.list(q, user);
  }

  @Get(':id')
  @ApiOperation({ summary: '应急广播详情与送达统计', description: '按状态和区划统计设备应答，列出未应答和失败的设备' })
  @ApiOkResponse({ type: AlertDetailResponse })
  @Roles('emergency', 'operator')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<AlertDetail> {
    return this.alerts.get(id, user);
  }

  @Get(':id/devices')
  @ApiOperation({ summary: '应急广播的逐台设备状态' })
  @ApiOkResponse({ type: [AlertDeliveryResponse] })
  @Roles('emergency', 'operator')
  devices(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<AlertDeliveryEntity[]> {
    return this.alerts.deviceStates(id, user);
  }

  @Get(':id/audit')
  @ApiOperation({ summary: '应急广播审计记录', description: '谁在何时从何处发布、确认或撤销' })
  @ApiOkResponse({ type: [AlertAuditResponse] })
  @Roles('emergency', 'operator')
  audit(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<AlertAuditEntity[]> {
    return this.alerts.audit(id, user);
  }

  @Post(':id/cancel')
  @ApiOperation({ summary: '撤销应急广播' })
  @ApiOkResponse({ type: AlertResponse })
  @HttpCode(200)
  @Roles('emergency')
  cancel(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CancelAlertDto, @CurrentUser() user: AuthUser, @Headers(SOURCE_HEADER) source?: string): Promise<AlertView> {
    return this.alerts.cancel(id, { user, source: sourceOf(source) }, dto.reason);
  }

  @Post(':id/discard')
  @HttpCode(200)
  @Roles('emergency')
  @ApiOperation({ summary: '作废一条等待确认的 CAP 预警（不播出，记入审计）' })
  @ApiOkResponse({ type: AlertResponse })
  discard(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CancelAlertDto, @CurrentUser() user: AuthUser, @Headers(SOURCE_HEADER) source?: string): Promise<AlertView> {
    return this.alerts.discard(id, { user, source: sourceOf(source) }, dto.reason);
  }

  @Post(':id/confirm')
  @ApiOperation({ summary: '确认播出待确认的预警', description: '值班员确认 CAP 收到的待确认预警后播出' })
  @ApiOkResponse({ type: AlertResponse })
  @HttpCode(200)
  @Roles('emergency')
  confirm(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser, @Headers(SOURCE_HEADER) source?: string): Promise<AlertView> {
    return this.alerts.confirm(id, { user, source: sourceOf(source) });
  }
}

function sourceOf(header: string | undefined): AlertSource {
  return header === 'console' ? 'console' : 'api';
}
