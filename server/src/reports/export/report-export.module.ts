import { Module } from '@nestjs/common';
import { ReportExportService } from './report-export.service';

/** The report writers behind one service, for any module that serves a report as a file. */
@Module({ providers: [ReportExportService], exports: [ReportExportService] })
export class ReportExportModule {}
