import mqtt, { MqttClient } from 'mqtt';
import { randomBytes } from 'node:crypto';
import type { DynsecCommand } from './dynsec-plan';

export const CONTROL_TOPIC = '$CONTROL/dynamic-security/v1';
const RESPONSE_TOPIC = `${CONTROL_TOPIC}/response`;

export interface DynsecResponse {
  command: string;
  error?: string;
  data?: Record<string, unknown>;
}

/** A command the plugin refused; `expected` lists the errors the caller treats as "already so". */
export class DynsecError extends Error {
  constructor(
    readonly command: DynsecCommand,
    readonly reason: string,
  ) {
    super(`${command.command}: ${reason}`);
    this.name = 'DynsecError';
  }
}

/**
 * Commands per control message. Mosquitto limits one message to what its buffers take, and Mosquitto 2.0 rewrites
 * its whole dynamic-security file after every command, so a command costs more the more devices there are (about
 * 0.1 s each near 5,000 devices): 50 keep a message's answers within the reply timeout at prefecture scale, where
 * 200 did not.
 */
const BATCH = 50;

/**
 * The plugin's JSON API over MQTT: commands published to `$CONTROL/dynamic-security/v1`, answers on its
 * `/response` topic, matched by correlationData. One connection as the plugin's admin client, kept open.
 */
export class DynsecClient {
  private readonly pending = new Map<string, { resolve: (r: DynsecResponse) => void; timer: NodeJS.Timeout }>();
  private readonly prefix = randomBytes(4).toString('hex');
  private seq = 0;
  /** Connections made so far, and the one whose session holds our subscription to the response topic. */
  private connection = 1;
  private subscribedOn = 1;

  private constructor(
    private readonly client: MqttClient,
    private readonly timeoutMs: number,
  ) {
    client.on('connect', () => this.connection++);
    client.on('message', (topic, payload) => {
      if (topic !== RESPONSE_TOPIC) return;
      let body: { responses?: Array<DynsecResponse & { correlationData?: string }> };
      try {
        body = JSON.parse(payload.toString('utf8'));
      } catch {
        return;
      }
      for (const r of body.responses ?? []) {
        const p = r.correlationData ? this.pending.get(r.correlationData) : undefined;
        if (!p) continue;
        clearTimeout(p.timer);
        this.pending.delete(r.correlationData!);
        p.resolve(r);
      }
    });
  }

  static async connect(url: string, opts: { username: string; password: string; clientId: string; timeoutMs?: number }): Promise<DynsecClient> {
    const client = await mqtt.connectAsync(url, { clientId: opts.clientId, username: opts.username, password: opts.password, clean: true, reconnectPeriod: 1000, connectTimeout: 10_000 });
    try {
      await client.subscribeAsync(RESPONSE_TOPIC, { qos: 1 });
    } catch (err) {
      await client.endAsync(true);
      throw new Error(`无法订阅 ${RESPONSE_TOPIC}（该账号不是动态安全插件管理员？）：${(err as Error).message}`);
    }
    return new DynsecClient(client, opts.timeoutMs ?? 15_000);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Sends the commands in order (in batches) and returns one response each; refusals are in `error`, not thrown. */
  async send(commands: DynsecCommand[]): Promise<DynsecResponse[]> {
    const out: DynsecResponse[] = [];
    for (let i = 0; i < commands.length; i += BATCH) out.push(...(await this.sendBatch(commands.slice(i, i + BATCH))));
    return out;
  }

  /** Like send, but throws on any refusal other than the tolerated ones (e.g. "Client not found" on a delete). */
  async run(commands: DynsecCommand[], tolerated: readonly string[] = []): Promise<DynsecResponse[]> {
    const responses = await this.send(commands);
    responses.forEach((r, i) => {
      if (r.error && !tolerated.includes(r.error)) throw new DynsecError(commands[i], r.error);
    });
    return responses;
  }

  async close(): Promise<void> {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    await this.client.endAsync();
  }

  /**
   * After a broker restart the clean session has lost the response subscription, and a command queued while offline
   * would go out before mqtt.js resubscribes: its answer would be lost. So: connected, subscribed, then send.
   */
  private async ready(): Promise<void> {
    if (!this.client.connected) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.client.off('connect', onConnect);
          reject(new Error(`${this.timeoutMs / 1000} 秒内未能重新连上消息服务器`));
        }, this.timeoutMs);
        const onConnect = (): void => {
          clearTimeout(timer);
          resolve();
        };
        this.client.once('connect', onConnect);
      });
    }
    if (this.subscribedOn !== this.connection) {
      const on = this.connection;
      await this.client.subscribeAsync(RESPONSE_TOPIC, { qos: 1 });
      this.subscribedOn = on;
    }
  }

  private async sendBatch(commands: DynsecCommand[]): Promise<DynsecResponse[]> {
    await this.ready();
    const tagged = commands.map((c) => ({ ...c, correlationData: `${this.prefix}-${++this.seq}` }));
    const answers = tagged.map(
      (c) =>
        new Promise<DynsecResponse>((resolve, reject) => {
          const timer = setTimeout(() => {
            this.pending.delete(c.correlationData);
            reject(new Error(`动态安全插件未在 ${this.timeoutMs / 1000} 秒内答复 ${c.command}`));
          }, this.timeoutMs);
          this.pending.set(c.correlationData, { resolve, timer });
        }),
    );
    await this.client.publishAsync(CONTROL_TOPIC, JSON.stringify({ commands: tagged }), { qos: 1 });
    return Promise.all(answers);
  }
}
