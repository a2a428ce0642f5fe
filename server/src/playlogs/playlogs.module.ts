import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RevisionEntity } from '../contents/revision.entity';
import { DeviceEntity } from '../devices/device.entity';
import { ReportsRecordingModule } from '../reports/reports-recording.module';
import { PlayLogEntity } from './play-log.entity';
import { PlayLogsController } from './playlogs.controller';
import { PlayLogsService } from './playlogs.service';

@Module({
  imports: [TypeOrmModule.forFeature([PlayLogEntity, DeviceEntity, RevisionEntity]), ReportsRecordingModule],
  controllers: [PlayLogsController],
  providers: [PlayLogsService],
  exports: [PlayLogsService],
})
export class PlayLogsModule {}
