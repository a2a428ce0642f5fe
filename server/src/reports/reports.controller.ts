import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/auth.decorators';
import { ErrorResponse } from '../common/error-response';
import { ApiReportFile } from './export/api-report-file.decorator';
import { ReportDownloadsService } from './report-downloads.service';
import { CoverageExportQuery, CoverageQuery, ReportPeriodExportQuery, ReportPeriodQuery, ReportRegionExportQuery, ReportRegionQuery } from './reports.dto';
import { AlertReportResponse, AlertsReportResponse, AvailabilityReportResponse, ContentReachResponse, CoverageReportResponse } from './reports.response';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponse, description: '周期或参数无效（REPORT_PERIOD_INVALID、VALIDATION_FAILED）' })
@ApiForbiddenResponse({ type: ErrorResponse, description: '区划超出本账号的管辖范围（OUT_OF_SCOPE）' })
@ApiNotFoundResponse({ type: ErrorResponse, description: '区划不存在（REGION_NOT_FOUND）' })
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly downloads: ReportDownloadsService,
  ) {}

  // Downloads first: `alerts/export` must not be taken for an alert id.
  @Get('coverage/export')
  @ApiOperation({ summary: '下载播出覆盖报表（CSV/XLSX/PDF 通报：单位、周期、摘要、表格与图表），数字与 JSON 报表一致' })
  @ApiReportFile()
  coverageFile(@Query() q: CoverageExportQuery, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return this.downloads.coverage(q, user);
  }

  @Get('contents/:id/export')
  @ApiOperation({ summary: '下载内容到达报表（CSV/XLSX/PDF）' })
  @ApiReportFile()
  contentFile(@Param('id') id: string, @Query() q: ReportPeriodExportQuery, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return this.downloads.contentReach(id, q, user);
  }

  @Get('availability/export')
  @ApiOperation({ summary: '下载设备在线率报表（CSV/XLSX/PDF）' })
  @ApiReportFile()
  availabilityFile(@Query() q: ReportPeriodExportQuery, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return this.downloads.availability(q, user);
  }

  @Get('alerts/export')
  @ApiOperation({ summary: '下载应急广播报表（按周期，CSV/XLSX/PDF）' })
  @ApiReportFile()
  alertsFile(@Query() q: ReportPeriodExportQuery, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return this.downloads.alerts(q, user);
  }

  @Get('alerts/:id/export')
  @ApiOperation({ summary: '下载单次应急广播报表（按乡镇，CSV/XLSX/PDF）' })
  @ApiReportFile()
  alertFile(@Param('id') id: string, @Query() q: ReportRegionExportQuery, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return this.downloads.alert(id, q, user);
  }

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
