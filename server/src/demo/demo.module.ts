import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { ContentsModule } from '../contents/contents.module';
import { DevicesModule } from '../devices/devices.module';
import { DeviceEntity } from '../devices/device.entity';
import { RegionsModule } from '../regions/regions.module';
import { SchedulesModule } from '../schedules/schedules.module';
import { SigningModule } from '../signing/signing.module';
import { DemoAgentsService } from './demo-agents.service';
import { DemoBroadcastService } from './demo-broadcast.service';
import { DemoSeeder } from './demo-seeder.service';

@Module({
  imports: [TypeOrmModule.forFeature([DeviceEntity]), AuthModule, RegionsModule, DevicesModule, ContentsModule, SchedulesModule, SigningModule],
  providers: [DemoSeeder, DemoAgentsService, DemoBroadcastService],
})
export class DemoModule {}
