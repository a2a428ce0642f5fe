import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegionEntity } from '../../regions/region.entity';
import { ReportExportModule } from '../export/report-export.module';
import { ReportFileEntity } from './report-file.entity';
import { ReportFilesController } from './report-files.controller';
import { ReportCron } from './report-cron';
import { ReportFilesService } from './report-files.service';
import { ReportSchedulerService } from './report-scheduler.service';
import { REPORT_SOURCE, UnavailableReportSource } from './report-source';

/**
 * Monthly and quarterly report files, made after each period closes and kept for download. REPORT_SOURCE is a
 * stand-in until the coverage report binds its document builder to it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ReportFileEntity, RegionEntity]), ReportExportModule],
  controllers: [ReportFilesController],
  providers: [ReportFilesService, ReportSchedulerService, ReportCron, { provide: REPORT_SOURCE, useClass: UnavailableReportSource }],
  exports: [ReportFilesService],
})
export class ScheduledReportsModule {}
