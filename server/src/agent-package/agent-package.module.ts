import { Module } from '@nestjs/common';
import { MqttModule } from '../mqtt/mqtt.module';
import { AgentPackageController } from './agent-package.controller';
import { AgentPackageService } from './agent-package.service';

@Module({
  imports: [MqttModule],
  controllers: [AgentPackageController],
  providers: [AgentPackageService],
})
export class AgentPackageModule {}
