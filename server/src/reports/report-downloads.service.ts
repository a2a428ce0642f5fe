import { Injectable, StreamableFile } from '@nestjs/common';
import type { AuthUser } from '../auth/auth.decorators';
import { ReportExportService, type ReportFormat } from './export/report-export.service';
import { alertDocument, alertsDocument, availabilityDocument, contentReachDocument, coverageDocument } from './report-document';
import type { CoverageExportQuery, ReportPeriodExportQuery, ReportRegionExportQuery } from './reports.dto';
import { ReportsService } from './reports.service';

const DEFAULT_FORMAT: ReportFormat = 'xlsx';

/**
 * The reports as files (CSV/XLSX/PDF): the same numbers as the JSON reports, through the same scope checks,
 * mapped to the writers' neutral document. The issuing unit is the report's region (the county or town).
 */
@Injectable()
export class ReportDownloadsService {
  constructor(
    private readonly reports: ReportsService,
    private readonly exporter: ReportExportService,
  ) {}

  async coverage({ format, ...q }: CoverageExportQuery, user: AuthUser): Promise<StreamableFile> {
    const r = await this.reports.coverage(q, user);
    return this.exporter.file(coverageDocument(r, r.region.name), format ?? DEFAULT_FORMAT);
  }

  async contentReach(id: string, { format, ...q }: ReportPeriodExportQuery, user: AuthUser): Promise<StreamableFile> {
    const r = await this.reports.contentReach(id, q, user);
    return this.exporter.file(contentReachDocument(r, r.region.name), format ?? DEFAULT_FORMAT);
  }

  async availability({ format, ...q }: ReportPeriodExportQuery, user: AuthUser): Promise<StreamableFile> {
    const r = await this.reports.availability(q, user);
    return this.exporter.file(availabilityDocument(r, r.region.name), format ?? DEFAULT_FORMAT);
  }

  async alerts({ format, ...q }: ReportPeriodExportQuery, user: AuthUser): Promise<StreamableFile> {
    const r = await this.reports.alertsReport(q, user);
    return this.exporter.file(alertsDocument(r, r.region.name), format ?? DEFAULT_FORMAT);
  }

  async alert(id: string, { format, ...q }: ReportRegionExportQuery, user: AuthUser): Promise<StreamableFile> {
    const r = await this.reports.alertReport(id, q, user);
    return this.exporter.file(alertDocument(r, r.region.name), format ?? DEFAULT_FORMAT);
  }
}
