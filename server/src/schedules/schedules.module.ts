import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContentsModule } from '../contents/contents.module';
import { DeviceEntity } from '../devices/device.entity';
import { PlaylistsModule } from '../playlists/playlists.module';
import { RegionsModule } from '../regions/regions.module';
import { ScheduleEntity } from './schedule.entity';
import { SchedulesController } from './schedules.controller';
import { SchedulesService } from './schedules.service';

@Module({
  imports: [TypeOrmModule.forFeature([ScheduleEntity, DeviceEntity]), ContentsModule, RegionsModule, PlaylistsModule],
  controllers: [SchedulesController],
  providers: [SchedulesService],
  exports: [SchedulesService],
})
export class SchedulesModule {}
