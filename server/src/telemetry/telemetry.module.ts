import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { FleetModule } from '../fleet/fleet.module';
import { MqttModule } from '../mqtt/mqtt.module';
import { PlayLogsModule } from '../playlogs/playlogs.module';
import { SigningModule } from '../signing/signing.module';
import { DeviceTelemetryService } from './device-telemetry.service';

@Module({
  imports: [MqttModule, DevicesModule, PlayLogsModule, SigningModule, FleetModule],
  providers: [DeviceTelemetryService],
})
export class TelemetryModule {}
