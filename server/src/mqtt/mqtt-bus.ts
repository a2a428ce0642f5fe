import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import mqtt, { MqttClient } from 'mqtt';
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SecretsService } from '../config/secrets.service';
import { EmbeddedBroker } from './embedded-broker';
import { SERVER_MQTT_USERNAME } from './mqtt-constants';
import { topicMatches } from './topic-filter';


type Handler = (topic: string, payload: Buffer) => void | Promise<void>;

/** Messages a resumed session delivers before the service that handles them has subscribed, kept until it does. */
const UNCLAIMED_KEPT = 10_000;

/**
 * The server's only MQTT client. It works the same against the embedded broker and an external one
 * (`MQTT_URL`): the server is just another authenticated client.
 */
@Injectable()
export class MqttBus implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('MQTT');
  private client: MqttClient | null = null;
  private readonly handlers: Array<{ filter: string; handler: Handler }> = [];
  private unclaimed: Array<{ topic: string; payload: Buffer }> = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    private readonly broker: EmbeddedBroker,
  ) {}

  async onModuleInit(): Promise<void> {
    const url = this.config.mqttUrl ?? (await this.broker.start());
    this.client = await mqtt.connectAsync(url, {
      clientId: serverClientId(this.config.dataDir),
      username: this.config.mqttUsername,
      // The same value the embedded broker checks: MQTT_PASSWORD, else the generated secret.
      password: this.secrets.get('mqtt-server'),
      // A persistent session: device events (QoS 1) sent while the server restarts or reconnects are queued by the
      // broker for this client id and delivered when it is back, instead of dropped. (The embedded broker restarts
      // with the server and keeps sessions in memory: there this only covers a reconnect.)
      clean: false,
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
    const waiting = this.unclaimed.filter((m) => topicMatches(filter, m.topic));
    if (waiting.length === 0) return;
    this.unclaimed = this.unclaimed.filter((m) => !topicMatches(filter, m.topic));
    for (const m of waiting) this.run(handler, m.topic, m.payload);
  }

  private dispatch(topic: string, payload: Buffer): void {
    const matching = this.handlers.filter((h) => topicMatches(h.filter, topic));
    if (matching.length === 0) {
      // A resumed session hands over its queue at once, before start-up has subscribed every handler.
      if (this.unclaimed.length < UNCLAIMED_KEPT) this.unclaimed.push({ topic, payload });
      return;
    }
    for (const { handler } of matching) this.run(handler, topic, payload);
  }

  private run(handler: Handler, topic: string, payload: Buffer): void {
    Promise.resolve()
      .then(() => handler(topic, payload))
      .catch((err: Error) => this.logger.error(`处理消息 ${topic} 失败：${err.message}`));
  }

  private requireClient(): MqttClient {
    if (!this.client) throw new Error('MQTT client not started');
    return this.client;
  }
}

/**
 * Stable across restarts (the broker finds the session again) and distinct per installation (two servers sharing
 * a broker from different data directories do not take each other's session).
 */
export function serverClientId(dataDir: string): string {
  const install = createHash('sha256').update(dataDir).digest('hex').slice(0, 8);
  return `${SERVER_MQTT_USERNAME}-${os.hostname()}-${install}`.slice(0, 64);
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
