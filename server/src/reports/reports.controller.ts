import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/auth.decorators';
import { ErrorResponse } from '../common/error-response';
import { CoverageQuery, ReportPeriodQuery, ReportRegionQuery } from './reports.dto';
import { AlertReportResponse, AlertsReportResponse, AvailabilityReportResponse, ContentReachResponse, CoverageReportResponse } from './reports.response';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponse, description: '周期或参数无效（REPORT_PERIOD_INVALID、VALIDATION_FAILED）' })
@ApiForbiddenResponse({ type: ErrorResponse, description: '区划超出本账号的管辖范围（OUT_OF_SCOPE）' })
@ApiNotFoundResponse({ type: ErrorResponse, description: '区划不存在（REGION_NOT_FOUND）' })
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('coverage')
  @ApiOperation({ summary: '播出覆盖报表：按下一级区划（村级时按设备）统计计划、播出、完成率、时长、失败原因、在线率，含合计与低于合格线的标记' })
  @ApiOkResponse({ type: CoverageReportResponse })
  coverage(@Query() q: CoverageQuery, @CurrentUser() user: AuthUser): Promise<CoverageReportResponse> {
    return this.reports.coverage(q, user);
  }

  @Get('contents/:id')
  @ApiOperation({ summary: '内容到达报表：哪些村、哪些设备播出了这条内容（首次时间、次数），哪些计划播出却未播出（原因：离线、媒体缺失、静音时段、已撤回等）' })
  @ApiOkResponse({ type: ContentReachResponse })
  content(@Param('id') id: string, @Query() q: ReportPeriodQuery, @CurrentUser() user: AuthUser): Promise<ContentReachResponse> {
    return this.reports.contentReach(id, q, user);
  }

  @Get('availability')
  @ApiOperation({ summary: '设备在线率报表：按下一级区划（村级时按设备）的在线率、离线次数与时长，设备明细与离线清单' })
  @ApiOkResponse({ type: AvailabilityReportResponse })
  availability(@Query() q: ReportPeriodQuery, @CurrentUser() user: AuthUser): Promise<AvailabilityReportResponse> {
    return this.reports.availability(q, user);
  }

  @Get('alerts')
  @ApiOperation({ summary: '应急广播报表（按周期）：每次广播的覆盖、收到、播放、成功、失败、取消设备数，发布时效（首台/中位/末台开始播放）与回执率' })
  @ApiOkResponse({ type: AlertsReportResponse })
  alerts(@Query() q: ReportPeriodQuery, @CurrentUser() user: AuthUser): Promise<AlertsReportResponse> {
    return this.reports.alertsReport(q, user);
  }

  @Get('alerts/:id')
  @ApiOperation({ summary: '单次应急广播报表：按乡镇的覆盖、收到、播放、成功、失败、取消设备数，发布时效与回执率' })
  @ApiOkResponse({ type: AlertReportResponse })
  alert(@Param('id') id: string, @Query() q: ReportRegionQuery, @CurrentUser() user: AuthUser): Promise<AlertReportResponse> {
    return this.reports.alertReport(id, q, user);
  }
}
