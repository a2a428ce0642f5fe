import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegionsModule } from '../regions/regions.module';
import { DeviceAccountHooks } from './device-account-hooks';
import { ReportsRecordingModule } from '../reports/reports-recording.module';
import { DeviceEntity } from './device.entity';
import { DevicesController } from './devices.controller';
import { DevicesService } from './devices.service';
import { DeviceStateWriter } from './device-state-writer';

@Module({
  imports: [TypeOrmModule.forFeature([DeviceEntity]), RegionsModule, ReportsRecordingModule],
  controllers: [DevicesController],
  providers: [DevicesService, DeviceStateWriter, DeviceAccountHooks],
  exports: [DevicesService, DeviceAccountHooks],
})
export class DevicesModule {}
