import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import mqtt, { MqttClient } from 'mqtt';
import * as os from 'node:os';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SecretsService } from '../config/secrets.service';
import { DynsecProvisioner } from './dynsec/dynsec-provisioner.service';
import { EmbeddedBroker } from './embedded-broker';
import { SERVER_MQTT_USERNAME } from './mqtt-constants';
import { topicMatches } from './topic-filter';


type Handler = (topic: string, payload: Buffer) => void | Promise<void>;

/**
 * The server's only MQTT client. It works the same against the embedded broker and an external one
 * (`MQTT_URL`): the server is just another authenticated client.
 */
@Injectable()
export class MqttBus implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('MQTT');
  private client: MqttClient | null = null;
  private readonly handlers: Array<{ filter: string; handler: Handler }> = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    private readonly broker: EmbeddedBroker,
    private readonly dynsec: DynsecProvisioner,
  ) {}

  async onModuleInit(): Promise<void> {
    const url = this.config.mqttUrl ?? (await this.broker.start());
    // Mosquitto with dynamic security: the server's own account must exist before it can log in.
    await this.dynsec.prepareServerAccount();
    this.client = await mqtt.connectAsync(url, {
      clientId: `${SERVER_MQTT_USERNAME}-${os.hostname()}-${process.pid}`,
      username: this.config.mqttUsername,
      // The same value the embedded broker checks: MQTT_PASSWORD, else the generated secret.
      password: this.secrets.get('mqtt-server'),
      clean: true,
      reconnectPeriod: 1000,
    });
    this.client.on('message', (topic, payload) => this.dispatch(topic, payload));
    this.client.on('reconnect', () => this.logger.warn('与消息服务器的连接中断，正在重连…'));
    this.client.on('error', (err) => this.logger.error(`消息服务器错误：${err.message}`));
    this.logger.log(`已连接消息服务器 ${redact(url)}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.client?.endAsync();
    this.client = null;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  async publish(topic: string, payload: string | Buffer, opts: { qos: 0 | 1; retain: boolean }): Promise<void> {
    await this.requireClient().publishAsync(topic, payload, opts);
  }

  async subscribe(filter: string, handler: Handler): Promise<void> {
    this.handlers.push({ filter, handler });
    await this.requireClient().subscribeAsync(filter, { qos: 1 });
  }

  private dispatch(topic: string, payload: Buffer): void {
    for (const { filter, handler } of this.handlers) {
      if (!topicMatches(filter, topic)) continue;
      Promise.resolve()
        .then(() => handler(topic, payload))
        .catch((err: Error) => this.logger.error(`处理消息 ${topic} 失败：${err.message}`));
    }
  }

  private requireClient(): MqttClient {
    if (!this.client) throw new Error('MQTT client not started');
    return this.client;
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
