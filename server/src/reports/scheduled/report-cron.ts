import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { LeaderService } from '../../leader/leader.service';
import { ReportSchedulerService } from './report-scheduler.service';

/**
 * The timer alone, apart from the logic it drives: @nestjs/schedule is an ES module, which the compiled server
 * loads (Node ≥ 20.19 requires ES modules) but jest's CommonJS runtime does not, so only this file imports it.
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
