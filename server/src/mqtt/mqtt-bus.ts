import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import mqtt, { MqttClient } from 'mqtt';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SecretsService } from '../config/secrets.service';
import { DynsecProvisioner } from './dynsec/dynsec-provisioner.service';
import { EmbeddedBroker } from './embedded-broker';
import { MessageRouter } from './message-router';
import { ServerClientIdService } from './server-client-id.service';

type Handler = (topic: string, payload: Buffer) => void | Promise<void>;

/** Messages a resumed session delivers before start-up has registered their handler, kept until it does. */
const HELD_BEFORE_SUBSCRIBED = 50_000;

/**
 * The server's only MQTT client. It works the same against the embedded broker and an external one
 * (`MQTT_URL`): the server is just another authenticated client.
 */
@Injectable()
export class MqttBus implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('MQTT');
  private client: MqttClient | null = null;
  private readonly router = new MessageRouter<Handler>(HELD_BEFORE_SUBSCRIBED);
  private droppedReported = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    private readonly broker: EmbeddedBroker,
    private readonly dynsec: DynsecProvisioner,
    private readonly clientIds: ServerClientIdService,
  ) {}

  async onModuleInit(): Promise<void> {
    const url = this.config.mqttUrl ?? (await this.broker.start());
    // Mosquitto with dynamic security: the server's own account must exist before it can log in.
    await this.dynsec.prepareServerAccount();
    const clientId = this.clientIds.clientId();
    const client = mqtt.connect(url, {
      clientId,
      username: this.config.mqttUsername,
      // The same value the embedded broker checks: MQTT_PASSWORD, else the generated secret.
      password: this.secrets.get('mqtt-server'),
      // A persistent session: device events (QoS 1) published while the server restarts or reconnects are queued
      // by the broker for this client id and delivered when it is back, instead of dropped. The embedded broker
      // restarts with the server and keeps sessions in memory: there this covers a reconnect only.
      clean: false,
      reconnectPeriod: 1000,
    });
    // Before the CONNACK: a resumed session's queue follows it, often in the same read, and mqtt.js emits (and
    // acknowledges) those messages on the next tick — before an `await connectAsync(…)` would have returned to
    // attach a listener. Attached afterwards, they were lost whenever the broker's writes arrived together (under load).
    client.on('message', (topic, payload) => this.dispatch(topic, payload));
    client.on('reconnect', () => this.logger.warn('与消息服务器的连接中断，正在重连…'));
    client.on('error', (err) => this.logger.error(`消息服务器错误：${err.message}`));
    await firstConnack(client);
    this.client = client;
    this.logger.log(`已连接消息服务器 ${redact(url)}（会话 ${clientId}）`);
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
    // Registered before the SUBSCRIBE: what the resumed session already delivered for this filter goes to it now.
    for (const m of this.router.add(filter, handler)) this.run(handler, m.topic, m.payload);
    await this.requireClient().subscribeAsync(filter, { qos: 1 });
  }

  private dispatch(topic: string, payload: Buffer): void {
    for (const handler of this.router.route(topic, payload)) this.run(handler, topic, payload);
    if (this.router.dropped > this.droppedReported) {
      this.droppedReported = this.router.dropped;
      if (this.droppedReported === 1) this.logger.warn(`启动期间消息服务器转交的积压消息超过 ${HELD_BEFORE_SUBSCRIBED} 条且尚无处理者，多出的已丢弃`);
    }
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

/** Resolves on the first CONNACK; a refusal or an error before it ends the client and rejects (as connectAsync does). */
function firstConnack(client: MqttClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      client.off('connect', onConnect);
      client.off('error', onError);
    };
    const onConnect = (): void => {
      done();
      resolve();
    };
    const onError = (err: Error): void => {
      done();
      client.end();
      reject(err);
    };
    client.on('connect', onConnect);
    client.on('error', onError);
  });
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
