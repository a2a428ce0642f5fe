import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { REPORT_PERIOD_KINDS, lastClosedPeriod } from './report-periods';
import { ReportFilesService, ReportFileView } from './report-files.service';

/** How long after a month or quarter closes its report is made: agents that were offline at midnight catch up. */
export const REPORT_SETTLE_MS = 2 * 3_600_000;

/**
 * Makes the county's monthly and quarterly report files once each period has closed (in the county's zone).
 * ReportCron calls it every hour rather than once at the close, so a server that was down then catches up.
 */
@Injectable()
export class ReportSchedulerService {
  private readonly logger = new Logger('Reports');
  /** Failures already logged, so a missing data source is said once per period rather than every hour. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly files: ReportFilesService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'timezone'>,
  ) {}

  /** Generates what is due and missing; returns the files made. Never throws: a failure is logged and retried next hour. */
  async tick(): Promise<ReportFileView[]> {
    const made: ReportFileView[] = [];
    const county = await this.files.county();
    if (!county) return made;
    for (const kind of REPORT_PERIOD_KINDS) {
      const period = lastClosedPeriod(kind, this.clock.nowMs(), this.config.timezone, REPORT_SETTLE_MS);
      if (await this.files.complete(kind, period.key, county.code)) continue;
      try {
        const files = await this.files.generate(kind, period.key, county.code);
        made.push(...files);
        this.logger.log(`已生成${county.name}${period.label}${kind === 'month' ? '月报' : '季度通报'}（${files.map((f) => f.format.toUpperCase()).join('、')}）`);
      } catch (err) {
        const message = (err as Error).message;
        const key = `${kind}|${period.key}|${message}`;
        if (!this.reported.has(key)) {
          this.reported.add(key);
          this.logger.warn(`${county.name}${period.label}${kind === 'month' ? '月报' : '季度通报'}未能生成：${message}`);
        }
      }
    }
    return made;
  }
}
