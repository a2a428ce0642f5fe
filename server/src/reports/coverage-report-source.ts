import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth.decorators';
import { coverageDocument, type ReportDocument } from './report-document';
import { localDay } from './report-period';
import { ReportsService } from './reports.service';
import type { ReportRequest, ReportSource } from './scheduled/report-source';

/** The scheduler acts for the county, not for a person. */
const SYSTEM: AuthUser = { id: 'system', username: 'system', roles: ['admin'], scopeRegionCode: null };

/** Scheduled monthly and quarterly reports: the coverage report of the closed period as a document. */
@Injectable()
export class CoverageReportSource implements ReportSource {
  constructor(private readonly reports: ReportsService) {}

  async document(request: ReportRequest): Promise<ReportDocument> {
    const report = await this.reports.coverage({ period: request.kind, date: localDay(request.from), regionCode: request.regionCode }, SYSTEM);
    return coverageDocument(report, request.regionName);
  }
}
