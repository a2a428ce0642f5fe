import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertEntity } from '../alerts/alert.entity';
import { ContentEntity } from '../contents/content.entity';
import { RevisionEntity } from '../contents/revision.entity';
import { DeviceEntity } from '../devices/device.entity';
import { DevicesModule } from '../devices/devices.module';
import { MediaModule } from '../media/media.module';
import { ReportsRecordingModule } from '../reports/reports-recording.module';
import { ScheduleEntity } from '../schedules/schedule.entity';
import { SigningModule } from '../signing/signing.module';
import { DevicePlaylistEntity } from './device-playlist.entity';
import { PlaylistRequestEntity } from './playlist-request.entity';
import { DeviceTimelineController } from './device-timeline.controller';
import { DeviceTimelineService } from './device-timeline.service';
import { PlaylistsController } from './playlists.controller';
import { PlaylistsService } from './playlists.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([DeviceEntity, ScheduleEntity, ContentEntity, RevisionEntity, DevicePlaylistEntity, PlaylistRequestEntity, AlertEntity]),
    MediaModule,
    SigningModule,
    DevicesModule,
    ReportsRecordingModule,
  ],
  controllers: [PlaylistsController, DeviceTimelineController],
  providers: [PlaylistsService, DeviceTimelineService],
  exports: [PlaylistsService],
})
export class PlaylistsModule {}
