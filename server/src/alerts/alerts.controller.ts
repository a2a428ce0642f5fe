import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { MediaRef } from '@sunshine/playlists';
import { AuthUser, CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { AppError, ErrorCode } from '../common/app-error';
import { CancelAlertDto, CreateAlertDto } from './alert.dto';
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
  @Roles('emergency')
  @ApiHeader({ name: SOURCE_HEADER, required: false, description: '“console” 表示来自网页控制台（记入审计）' })
  send(@Body() dto: CreateAlertDto, @CurrentUser() user: AuthUser, @Headers(SOURCE_HEADER) source?: string): Promise<AlertView> {
    return this.alerts.create(dto, { user, source: sourceOf(source) }, 'air');
  }

  @Post('cap')
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
  tone(): Promise<{ tone: MediaRef }> {
    return this.alerts.tone();
  }

  @Get()
  @Roles('emergency', 'operator')
  list(@CurrentUser() user: AuthUser): Promise<AlertView[]> {
    return this.alerts.list(user);
  }

  @Get(':id')
  @Roles('emergency', 'operator')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<AlertDetail> {
    return this.alerts.get(id, user);
  }

  @Get(':id/devices')
  @Roles('emergency', 'operator')
  devices(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<AlertDeliveryEntity[]> {
    return this.alerts.deviceStates(id, user);
  }

  @Get(':id/audit')
  @Roles('emergency', 'operator')
  audit(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<AlertAuditEntity[]> {
    return this.alerts.audit(id, user);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('emergency')
  cancel(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CancelAlertDto, @CurrentUser() user: AuthUser, @Headers(SOURCE_HEADER) source?: string): Promise<AlertView> {
    return this.alerts.cancel(id, { user, source: sourceOf(source) }, dto.reason);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles('emergency')
  confirm(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser, @Headers(SOURCE_HEADER) source?: string): Promise<AlertView> {
    return this.alerts.confirm(id, { user, source: sourceOf(source) });
  }
}

function sourceOf(header: string | undefined): AlertSource {
  return header === 'console' ? 'console' : 'api';
}
