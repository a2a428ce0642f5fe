import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { LeaderService } from '../../leader/leader.service';
import { ReportSchedulerService } from './report-scheduler.service';

/**
 * The timer alone, apart from the logic it drives (tested on its own). @nestjs/schedule is an ES module: the
 * compiled server requires it natively (Node ≥ 20.19), jest compiles it to CommonJS (jest.config.js).
 */
@Injectable()
export class ReportCron {
  constructor(
    private readonly scheduler: ReportSchedulerService,
    private readonly leader: LeaderService,
  ) {}

  @Cron('0 17 * * * *', { name: 'scheduled-reports' })
  async hourly(): Promise<void> {
    // One API process among several makes the reports (the leader): never two generating the same file.
    if (!this.leader.isLeader()) return;
    await this.scheduler.tick();
  }
}
