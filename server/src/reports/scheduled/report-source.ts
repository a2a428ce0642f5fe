import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/app-error';
import type { ReportDocument } from '../report-document';
import type { CalendarPeriod } from './report-periods';

/** What a scheduled report is asked for: a closed month or quarter and the region it covers (the county). */
export interface ReportRequest extends CalendarPeriod {
  regionCode: string;
  regionName: string;
}

/**
 * Where scheduled reports get their numbers: the coverage report builds the document for a period. The same
 * request must give the same document while the play logs underneath are unchanged.
 */
export interface ReportSource {
  document(request: ReportRequest): Promise<ReportDocument>;
}

export const REPORT_SOURCE = Symbol('REPORT_SOURCE');

/** Bound until the coverage report provides REPORT_SOURCE: every request fails, the scheduler says why once. */
@Injectable()
export class UnavailableReportSource implements ReportSource {
  document(): Promise<ReportDocument> {
    return Promise.reject(new AppError(ErrorCode.ReportSourceUnavailable, 503, '覆盖率报表尚未接入，无法生成定期报表'));
  }
}
