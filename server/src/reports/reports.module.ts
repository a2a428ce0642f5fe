import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertDeliveryEntity } from '../alerts/alert-delivery.entity';
import { AlertEntity } from '../alerts/alert.entity';
import { ContentEntity } from '../contents/content.entity';
import { RevisionEntity } from '../contents/revision.entity';
import { DeviceEntity } from '../devices/device.entity';
import { RegionEntity } from '../regions/region.entity';
import { CoverageReportSource } from './coverage-report-source';
import { ReportExportModule } from './export/report-export.module';
import { ReportDownloadsService } from './report-downloads.service';
import { ReportsController } from './reports.controller';
import { ReportsRecordingModule } from './reports-recording.module';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Accountability reports (按季通报): coverage, content reach, alerts, availability. Read-only over what the recorder wrote. */
@Module({
  imports: [TypeOrmModule.forFeature([RegionEntity, DeviceEntity, ContentEntity, RevisionEntity, AlertEntity, AlertDeliveryEntity]), ReportsRecordingModule, ReportExportModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository, CoverageReportSource, ReportDownloadsService],
  exports: [ReportsService, CoverageReportSource],
})
export class ReportsModule {}
