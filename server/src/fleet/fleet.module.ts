import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeviceCommandEntity } from '../devices/device-command.entity';
import { DeviceEntity } from '../devices/device.entity';
import { DevicesModule } from '../devices/devices.module';
import { ReportsRecordingModule } from '../reports/reports-recording.module';
import { SigningModule } from '../signing/signing.module';
import { FleetController } from './fleet.controller';
import { FleetService } from './fleet.service';

@Module({
  imports: [TypeOrmModule.forFeature([DeviceCommandEntity, DeviceEntity]), DevicesModule, SigningModule, ReportsRecordingModule],
  controllers: [FleetController],
  providers: [FleetService],
  exports: [FleetService],
})
export class FleetModule {}
