import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { DeviceAuthService } from './device-auth.service';
import { DynsecProvisioner } from './dynsec/dynsec-provisioner.service';
import { EmbeddedBroker } from './embedded-broker';
import { MqttBus } from './mqtt-bus';
import { ServerClientIdService } from './server-client-id.service';

@Module({
  imports: [DevicesModule],
  providers: [DeviceAuthService, EmbeddedBroker, MqttBus, DynsecProvisioner, ServerClientIdService],
  exports: [MqttBus, EmbeddedBroker, DeviceAuthService],
})
export class MqttModule {}
