import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module';
import { MqttModule } from '../mqtt/mqtt.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({ imports: [MqttModule, MediaModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
