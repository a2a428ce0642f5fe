import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { DeviceAuthService } from './device-auth.service';
import { EmbeddedBroker } from './embedded-broker';
import { MqttAuthController } from './mqtt-auth.controller';
import { MqttBus } from './mqtt-bus';

@Module({
  imports: [DevicesModule],
  controllers: [MqttAuthController],
  providers: [DeviceAuthService, EmbeddedBroker, MqttBus],
  exports: [MqttBus, EmbeddedBroker],
})
export class MqttModule {}
