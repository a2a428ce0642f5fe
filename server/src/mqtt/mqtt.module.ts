import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { DeviceAuthService } from './device-auth.service';
import { EmbeddedBroker } from './embedded-broker';
import { MqttBus } from './mqtt-bus';

@Module({
  imports: [DevicesModule],
  providers: [DeviceAuthService, EmbeddedBroker, MqttBus],
  exports: [MqttBus, EmbeddedBroker, DeviceAuthService],
})
export class MqttModule {}
