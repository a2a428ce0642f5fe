import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { REPORT_FORMATS, type ReportFormat } from './export/report-export.service';
import { PERIOD_KINDS, type PeriodKind } from './report-period';

export const REPORT_CATEGORIES = ['notice', 'interpretation', 'alert'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Region of a report. */
export class ReportRegionQuery {
  @ApiPropertyOptional({ example: '510811100000', description: '统计范围（任一级区划；默认本账号的管辖范围或全县）' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'regionCode 应为 12 位区划代码' })
  regionCode?: string;
}

/** Period and region of every report over time (Asia/Shanghai dates). */
export class ReportPeriodQuery extends ReportRegionQuery {
  @ApiPropertyOptional({ enum: PERIOD_KINDS, default: 'month', description: '统计周期：日、周（周一起）、月、季、年，或自定义（from–to）' })
  @IsOptional()
  @IsIn(PERIOD_KINDS)
  period?: PeriodKind;

  @ApiPropertyOptional({ example: '2026-09-15', description: '周期内任一天（北京时间，YYYY-MM-DD；默认今天）' })
  @IsOptional()
  @Matches(DAY, { message: 'date 应为 YYYY-MM-DD' })
  date?: string;

  @ApiPropertyOptional({ example: '2026-09-01', description: '自定义周期的第一天（含）' })
  @IsOptional()
  @Matches(DAY, { message: 'from 应为 YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-09-30', description: '自定义周期的最后一天（含）' })
  @IsOptional()
  @Matches(DAY, { message: 'to 应为 YYYY-MM-DD' })
  to?: string;
}

export class CoverageQuery extends ReportPeriodQuery {
  @ApiPropertyOptional({ enum: REPORT_CATEGORIES, description: '类别：notice 通知公告、interpretation 政策解读、alert 应急广播' })
  @IsOptional()
  @IsIn(REPORT_CATEGORIES)
  category?: ReportCategory;

  @ApiPropertyOptional({ maxLength: 36, description: '内容编号' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  contentId?: string;

  @ApiPropertyOptional({ maxLength: 100, description: '发布部门（与内容的发布部门完全一致）' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  department?: string;

  @ApiPropertyOptional({ type: 'number', minimum: 0, maximum: 1, default: 0.9, description: '合格线（完成率低于此值的行标记出来），0–1' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  threshold?: number;
}

/** The file format of a report download. */
class ExportFormat {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'xlsx', description: '文件格式：csv（UTF-8 带 BOM，Excel 可直接打开）、xlsx、pdf（通报）' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

export class CoverageExportQuery extends IntersectionType(CoverageQuery, ExportFormat) {}
export class ReportPeriodExportQuery extends IntersectionType(ReportPeriodQuery, ExportFormat) {}
export class ReportRegionExportQuery extends IntersectionType(ReportRegionQuery, ExportFormat) {}
