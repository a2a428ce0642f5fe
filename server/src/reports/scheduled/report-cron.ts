import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { ReportSchedulerService } from './report-scheduler.service';

/**
 * The timer alone, apart from the logic it drives (tested on its own). @nestjs/schedule is an ES module: the
 * compiled server requires it natively (Node ≥ 20.19), jest compiles it to CommonJS (jest.config.js).
 */
@Injectable()
export class ReportCron {
  constructor(private readonly scheduler: ReportSchedulerService) {}

  @Cron('0 17 * * * *', { name: 'scheduled-reports' })
  async hourly(): Promise<void> {
    await this.scheduler.tick();
  }
}
