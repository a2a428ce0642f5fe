import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContentsModule } from '../contents/contents.module';
import { DeviceEntity } from '../devices/device.entity';
import { MediaModule } from '../media/media.module';
import { PlaylistsModule } from '../playlists/playlists.module';
import { RegionsModule } from '../regions/regions.module';
import { ScheduleEntity } from './schedule.entity';
import { SchedulesController } from './schedules.controller';
import { SchedulesService } from './schedules.service';

@Module({
  imports: [TypeOrmModule.forFeature([ScheduleEntity, DeviceEntity]), ContentsModule, RegionsModule, PlaylistsModule, MediaModule],
  controllers: [SchedulesController],
  providers: [SchedulesService],
  exports: [SchedulesService],
})
export class SchedulesModule {}
