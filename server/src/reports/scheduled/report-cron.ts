import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { ReportSchedulerService } from './report-scheduler.service';

/**
 * The timer alone, apart from the logic it drives: @nestjs/schedule is an ES module, which the compiled server
 * loads (Node ≥ 20.19 requires ES modules) but jest's CommonJS runtime does not, so only this file imports it.
 */
@Injectable()
export class ReportCron {
  constructor(private readonly scheduler: ReportSchedulerService) {}

  @Cron('0 17 * * * *', { name: 'scheduled-reports' })
  async hourly(): Promise<void> {
    await this.scheduler.tick();
  }
}
