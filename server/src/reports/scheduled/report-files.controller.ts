import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../../auth/auth.decorators';
import { ErrorResponse, jsonErrorResponse } from '../../common/error-response';
import { REPORT_CONTENT_TYPES } from '../export/report-export.service';
import { GenerateReportFilesDto, ReportFileResponse, ReportFilesQuery } from './report-file.dto';
import { ReportFilesService, ReportFileView } from './report-files.service';

const jsonError = jsonErrorResponse;

@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(ErrorResponse)
@Controller('reports/files')
export class ReportFilesController {
  constructor(private readonly files: ReportFilesService) {}

  @Get()
  @ApiOperation({ summary: '定期报表文件（每月、每季度结束后自动生成的月报与季度通报，CSV/XLSX/PDF；只列出管辖范围内的）' })
  @ApiOkResponse({ type: ReportFileResponse, isArray: true })
  list(@Query() q: ReportFilesQuery, @CurrentUser() user: AuthUser): Promise<ReportFileView[]> {
    return this.files.list(user, q);
  }

  @Get(':id')
  @ApiOperation({ summary: '下载报表文件（中文文件名，RFC 5987）' })
  @ApiProduces(...new Set(Object.values(REPORT_CONTENT_TYPES)))
  @ApiOkResponse({ description: '报表文件', schema: { type: 'string', format: 'binary' } })
  // Errors are JSON even though the success is a file: spelled out, or @ApiProduces would label them too.
  @ApiResponse({ status: 403, ...jsonError('报表不在管辖范围内（OUT_OF_SCOPE）') })
  @ApiResponse({ status: 404, ...jsonError('报表文件不存在（REPORT_FILE_NOT_FOUND）') })
  download(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return this.files.download(id, user);
  }

  @Post()
  @ApiOperation({ summary: '重新生成某月或某季度的报表（如迟到的播放记录已补报）；同一周期覆盖原文件，不重复' })
  @ApiCreatedResponse({ type: ReportFileResponse, isArray: true })
  @ApiResponse({ status: 503, ...jsonError('报表数据源尚未接入（REPORT_SOURCE_UNAVAILABLE）') })
  @Roles('admin')
  generate(@Body() dto: GenerateReportFilesDto): Promise<ReportFileView[]> {
    return this.files.generate(dto.kind, dto.period);
  }
}
