import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeviceEntity } from '../devices/device.entity';
import { RegionEntity } from '../regions/region.entity';
import { ScopeService } from './scope.service';

/** Global: devices, schedules, alerts and play logs all check against the same scope. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([DeviceEntity, RegionEntity])],
  providers: [ScopeService],
  exports: [ScopeService],
})
export class ScopeModule {}
