import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegionEntity } from '../../regions/region.entity';
import { ReportExportModule } from '../export/report-export.module';
import { ReportFileEntity } from './report-file.entity';
import { ReportFilesController } from './report-files.controller';
import { ReportCron } from './report-cron';
import { ReportFilesService } from './report-files.service';
import { ReportSchedulerService } from './report-scheduler.service';
import { CoverageReportSource } from '../coverage-report-source';
import { ReportsModule } from '../reports.module';
import { REPORT_SOURCE } from './report-source';

/** Monthly and quarterly report files, made after each period closes from the coverage report and kept for download. */
@Module({
  imports: [TypeOrmModule.forFeature([ReportFileEntity, RegionEntity]), ReportExportModule, ReportsModule],
  controllers: [ReportFilesController],
  providers: [ReportFilesService, ReportSchedulerService, ReportCron, { provide: REPORT_SOURCE, useExisting: CoverageReportSource }],
  exports: [ReportFilesService],
})
export class ScheduledReportsModule {}
