import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { REPORT_FORMATS, type ReportFormat } from '../export/report-export.service';
import { REPORT_PERIOD_KINDS, type ReportPeriodKind } from './report-periods';
import type { ReportFileView } from './report-files.service';

const PERIOD_KEY = /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/;

export class ReportFilesQuery {
  @ApiPropertyOptional({ enum: REPORT_PERIOD_KINDS, description: '报表类型：month 月报，quarter 季度通报' })
  @IsOptional()
  @IsIn(REPORT_PERIOD_KINDS)
  kind?: ReportPeriodKind;

  @ApiPropertyOptional({ maxLength: 7, description: '统计周期：月报 YYYY-MM，季报 YYYY-Qn', example: '2026-Q3' })
  @IsOptional()
  @IsString()
  @MaxLength(7)
  @Matches(PERIOD_KEY, { message: '统计周期应形如 2026-09 或 2026-Q3' })
  period?: string;
}

export class GenerateReportFilesDto {
  @ApiProperty({ enum: REPORT_PERIOD_KINDS, description: '报表类型：month 月报，quarter 季度通报' })
  @IsIn(REPORT_PERIOD_KINDS)
  kind!: ReportPeriodKind;

  @ApiProperty({ maxLength: 7, description: '统计周期：月报 YYYY-MM，季报 YYYY-Qn（须与类型一致）', example: '2026-Q3' })
  @IsString()
  @MaxLength(7)
  @Matches(PERIOD_KEY, { message: '统计周期应形如 2026-09 或 2026-Q3' })
  period!: string;
}

export class ReportFileResponse implements ReportFileView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: REPORT_PERIOD_KINDS, description: 'month 月报，quarter 季度通报' })
  kind!: ReportPeriodKind;

  @ApiProperty({ description: '统计周期键', example: '2026-Q3' })
  period!: string;

  @ApiProperty({ description: '统计周期', example: '2026年第三季度' })
  periodLabel!: string;

  @ApiProperty({ description: '报表覆盖的行政区划代码（县）', example: '510811000000' })
  regionCode!: string;

  @ApiProperty({ description: '区划名称', example: '栖凤区' })
  regionName!: string;

  @ApiProperty({ enum: REPORT_FORMATS, description: '文件格式' })
  format!: ReportFormat;

  @ApiProperty({ type: 'integer', description: '文件字节数' })
  bytes!: number;

  @ApiProperty({ type: String, format: 'date-time', description: '生成时间（再次生成时更新）' })
  createdAt!: Date;

  @ApiProperty({ description: '下载文件名', example: '栖凤区2026年第三季度播出情况通报.pdf' })
  fileName!: string;
}
