import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertsModule } from '../alerts/alerts.module';
import { ContentEntity } from '../contents/content.entity';
import { RevisionEntity } from '../contents/revision.entity';
import { DeviceEntity } from '../devices/device.entity';
import { RenderJobEntity } from '../media/render-job.entity';
import { PlayLogEntity } from '../playlogs/play-log.entity';
import { RegionsModule } from '../regions/regions.module';
import { SchedulesModule } from '../schedules/schedules.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [TypeOrmModule.forFeature([DeviceEntity, ContentEntity, RevisionEntity, RenderJobEntity, PlayLogEntity]), RegionsModule, SchedulesModule, AlertsModule],
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
