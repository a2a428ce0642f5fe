import { Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import * as path from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SecretsService } from '../config/secrets.service';
import { BrokerHookGuard } from './broker-hook.guard';
import { BrokerHooksService } from './broker-hooks.service';
import { MqttAuthController } from './mqtt-auth.controller';
import { MqttModule } from './mqtt.module';

/**
 * The HTTP auth/ACL hooks, imported by the app only when an external broker is configured (MQTT_URL): with the
 * embedded broker nobody needs them, so they do not exist to be probed.
 */
@Module({
  imports: [MqttModule],
  controllers: [MqttAuthController],
  providers: [BrokerHooksService, BrokerHookGuard],
})
export class MqttHooksModule implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretsService,
  ) {}

  onModuleInit(): void {
    // Created now rather than on the broker's first call, so the operator can copy it into the broker's config.
    if (!this.config.mqttAuthSecret) this.secrets.get('mqtt-auth');
    const where = this.config.mqttAuthSecret ? 'MQTT_AUTH_SECRET' : path.join(this.config.dataDir, 'secrets', 'mqtt-auth.secret');
    new Logger('MqttHooks').log(`外部消息服务器鉴权接口已启用：POST /api/mqtt/auth、/api/mqtt/acl，请求头 x-sunshine-broker-secret 须为 ${where} 中的密钥`);
  }
}
