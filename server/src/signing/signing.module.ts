import { Module } from '@nestjs/common';
import { MqttModule } from '../mqtt/mqtt.module';
import { KeysController } from './keys.controller';
import { SignedPublisher } from './signed-publisher.service';
import { SigningKeyService } from './signing-key.service';

@Module({
  imports: [MqttModule],
  controllers: [KeysController],
  providers: [SigningKeyService, SignedPublisher],
  exports: [SigningKeyService, SignedPublisher],
})
export class SigningModule {}
