import { connect as mqttConnect, type IClientOptions, type MqttClient } from 'mqtt';
import { STATE_HEARTBEAT_MS, topics, type DeviceEventsBatch, type DeviceStatePayload } from '@sunshine/playlists/device';
import { backoffDelayMs, type Random } from './backoff';
import type { Clock, TimerHandle } from './clock';
import type { TlsTrust } from './config';
import type { Logger } from './log';
import { fetchPinnedChain, pinnedIdentityCheck } from './tls-pin';

export type MqttConnect = (url: string, options: IClientOptions) => MqttClient;

export type StateFields = Omit<DeviceStatePayload, 'online' | 'deviceId' | 'at'>;

export interface MqttLinkOptions {
  url: string;
  deviceId: string;
  token: string;
  clock: Clock;
  log: Logger;
  connect?: MqttConnect;
  /** The live part of the retained online state, read at every publish. */
  state: () => StateFields;
  /** `retained` is true for a retained message replayed on subscribe (its issuedAt says nothing about clock offset). */
  onMessage: (topic: string, payload: Buffer, retained: boolean) => void;
  onConnected?: () => void;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /**
   * After an established connection is lost, the first attempt waits a random time up to this long
   * (RECONNECT_SPREAD_MS): when the server restarts, its whole fleet loses the connection in the same instant.
   */
  reconnectSpreadMs?: number;
  /** Randomness of the back-off (injectable so tests are deterministic). */
  random?: Random;
  /** Wrong device id or token will not fix itself quickly: retry slowly. */
  authRetryMs?: number;
  /** The state is republished when nothing was published for this long, so the server sees the device alive. */
  heartbeatMs?: number;
  /** CA and/or pinned fingerprint for mqtts://; the system CAs when absent. */
  tls?: TlsTrust;
  /** Fetches the broker's chain for a pinned fingerprint (injectable for tests). */
  fetchChain?: (host: string, port: number, fingerprint: string) => Promise<string[]>;
}

/** MQTT 3.1.1 CONNACK return codes 4 (bad user name or password) and 5 (not authorised). */
const AUTH_REFUSED = new Set([4, 5]);
/** OpenSSL/Node verification failures: the broker's certificate is not the one this device was told to trust. */
const TLS_UNTRUSTED = new Set([
  'FINGERPRINT_MISMATCH',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isUntrustedCertificate(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TLS_UNTRUSTED.has(code);
}
const DIVISION_CODE = /^\d{12}$/;
/**
 * 10,000 devices reconnecting within 10 s is 1,000 connects a second: what a county server on two cores takes
 * while it also answers each with a retained playlist. Before, they all came back within 0.8–1.2 s and most
 * timed out, retried and came back again. One device whose link blipped waits 5 s on average.
 */
export const RECONNECT_SPREAD_MS = 10_000;
const STOP_PUBLISH_TIMEOUT_MS = 3_000;

/**
 * The agent's MQTT session: identity (clientId = username = device id), Last Will, retained state,
 * subscriptions, and reconnection forever with backoff on the injected clock (one fresh client per attempt,
 * so each Will carries the time of its own connection).
 */
export class MqttLink {
  private client: MqttClient | null = null;
  private connected = false;
  private attempt = 0;
  private authRefused = false;
  private lastError: Error | null = null;
  private reconnectTimer: TimerHandle | null = null;
  private heartbeatTimer: TimerHandle | null = null;
  private alertTopics: string[] = [];
  private stopping = false;
  /** Set after a certificate was refused; that is logged once until a connection succeeds. */
  private untrustedReported = false;
  private tlsUntrusted = false;

  constructor(private readonly opts: MqttLinkOptions) {}

  start(): void {
    this.open();
  }

  isConnected(): boolean {
    return this.connected;
  }

  /** The device's region chain; alert topics follow it on the live session and on every reconnect. */
  setAlertRegions(regionCodes: readonly string[]): void {
    const next = [...new Set(regionCodes.filter((c) => DIVISION_CODE.test(c)))].map(topics.alert);
    const added = next.filter((t) => !this.alertTopics.includes(t));
    const removed = this.alertTopics.filter((t) => !next.includes(t));
    this.alertTopics = next;
    if (!this.connected || !this.client) return;
    if (added.length > 0) this.subscribe(this.client, added);
    if (removed.length > 0) this.client.unsubscribe(removed);
  }

  /** Publishes the retained online state now; the heartbeat then waits a full interval from this publish. */
  publishState(): void {
    if (!this.connected || !this.client) return;
    this.client.publish(topics.state(this.opts.deviceId), JSON.stringify(this.onlineState()), { qos: 1, retain: true });
    this.armHeartbeat();
  }

  private armHeartbeat(): void {
    this.clearHeartbeat();
    this.heartbeatTimer = this.opts.clock.setTimer(() => {
      this.heartbeatTimer = null;
      this.publishState();
    }, this.opts.heartbeatMs ?? STATE_HEARTBEAT_MS);
  }

  private clearHeartbeat(): void {
    if (this.heartbeatTimer) this.opts.clock.clearTimer(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  /** QoS 1 publish; delivery is confirmed end-to-end by the server's signed playlog-ack, not by the puback. */
  publishEvents(batch: DeviceEventsBatch): boolean {
    if (!this.connected || !this.client) return false;
    this.client.publish(topics.events(this.opts.deviceId), JSON.stringify(batch), { qos: 1 }, (err) => {
      if (err) this.opts.log.warn('上报事件失败', { batchId: batch.batchId, error: err });
    });
    return true;
  }

  /** Publishes the retained offline state (a clean disconnect suppresses the Will) and closes. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.reconnectTimer) this.opts.clock.clearTimer(this.reconnectTimer);
    this.clearHeartbeat();
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (this.connected) {
      const offline = { online: false, deviceId: this.opts.deviceId, at: this.nowIso() };
      await this.withTimeout(client.publishAsync(topics.state(this.opts.deviceId), JSON.stringify(offline), { qos: 1, retain: true }).catch(() => undefined));
      await this.withTimeout(client.endAsync().catch(() => undefined));
    }
    this.connected = false;
    client.removeAllListeners();
    client.on('error', () => undefined);
    client.end(true);
  }

  private open(): void {
    const fingerprint = this.opts.tls?.fingerprint;
    if (!fingerprint) return this.openWith(this.opts.tls?.caPem);
    const url = new URL(this.opts.url);
    const fetchChain = this.opts.fetchChain ?? ((h: string, p: number, f: string) => fetchPinnedChain(h, p, f));
    fetchChain(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || 8883), fingerprint).then(
      (chain) => {
        if (!this.stopping) this.openWith(chain);
      },
      (err: Error) => {
        if (this.stopping) return;
        this.lastError = err;
        this.tlsUntrusted = isUntrustedCertificate(err);
        this.scheduleReconnect(false);
      },
    );
  }

  private openWith(ca: string | string[] | undefined): void {
    const { deviceId } = this.opts;
    const stateTopic = topics.state(deviceId);
    const client = (this.opts.connect ?? mqttConnect)(this.opts.url, {
      clientId: deviceId,
      username: deviceId,
      password: this.opts.token,
      clean: false,
      protocolVersion: 4,
      keepalive: 30,
      connectTimeout: 20_000,
      reconnectPeriod: 0,
      resubscribe: false,
      // mqtt-packet's number cache is 65,536 Buffers (~6 MB of heap) to save a 2-byte allocation per packet;
      // an agent sends a few packets a minute.
      writeCache: false,
      will: { topic: stateTopic, payload: Buffer.from(JSON.stringify({ online: false, deviceId, at: this.nowIso() })), qos: 1, retain: true },
      ...(ca ? { ca } : {}),
      ...(this.opts.tls?.fingerprint ? { checkServerIdentity: pinnedIdentityCheck(this.opts.tls.fingerprint) } : {}),
    });
    this.client = client;
    client.on('connect', () => {
      this.connected = true;
      this.attempt = 0;
      this.authRefused = false;
      this.untrustedReported = false;
      this.opts.log.info('已连接 MQTT', { url: this.opts.url });
      this.subscribe(client, [topics.playlist(deviceId), topics.command(deviceId), ...this.alertTopics]);
      this.publishState();
      this.opts.onConnected?.();
    });
    client.on('message', (topic, payload, packet) => this.opts.onMessage(topic, payload, packet.retain));
    client.on('error', (err) => {
      const code = (err as Error & { code?: unknown }).code;
      if (typeof code === 'number' && AUTH_REFUSED.has(code)) this.authRefused = true;
      if (isUntrustedCertificate(err)) this.tlsUntrusted = true;
      this.lastError = err;
    });
    client.on('close', () => this.onClose(client));
  }

  private onClose(client: MqttClient): void {
    if (client !== this.client || this.stopping) return;
    const wasConnected = this.connected;
    this.connected = false;
    this.client = null;
    this.clearHeartbeat();
    client.removeAllListeners();
    client.on('error', () => undefined);
    client.end(true);
    this.scheduleReconnect(wasConnected);
  }

  private scheduleReconnect(wasConnected: boolean): void {
    const random = this.opts.random ?? Math.random;
    // The first attempt after a lost connection (attempt was reset on connect) is spread over RECONNECT_SPREAD_MS:
    // a fleet that lost it together comes back spread out. Failed attempts back off with equal jitter.
    this.attempt++;
    let retryInMs = wasConnected
      ? Math.round(random() * (this.opts.reconnectSpreadMs ?? RECONNECT_SPREAD_MS))
      : backoffDelayMs(this.attempt, { baseMs: this.opts.retryBaseMs ?? 1_000, maxMs: this.opts.retryMaxMs ?? 60_000 }, random);
    if (this.tlsUntrusted) {
      // A refused certificate will not fix itself: retry slowly, and say so once rather than at every attempt.
      retryInMs = Math.max(retryInMs, this.opts.authRetryMs ?? 60_000);
      if (!this.untrustedReported) {
        const reason = this.opts.tls?.fingerprint ? '证书指纹不匹配（检查 --fingerprint）' : '证书不受信任（检查 --ca-file）';
        this.opts.log.error(`MQTT 服务器证书校验失败：${reason}，已拒绝连接`, { url: this.opts.url, code: (this.lastError as { code?: string } | null)?.code, retryInMs });
        this.untrustedReported = true;
      }
    } else if (this.authRefused) {
      retryInMs = Math.max(retryInMs, this.opts.authRetryMs ?? 60_000);
      this.opts.log.error('MQTT 认证失败：设备 ID 或令牌错误，请检查设备注册信息', { deviceId: this.opts.deviceId, retryInMs });
    } else if (wasConnected) {
      this.opts.log.warn('MQTT 连接断开', { retryInMs, error: this.lastError ?? undefined });
    } else {
      this.opts.log.warn('MQTT 连接失败', { url: this.opts.url, retryInMs, error: this.lastError ?? undefined });
    }
    this.authRefused = false;
    this.tlsUntrusted = false;
    this.lastError = null;
    this.reconnectTimer = this.opts.clock.setTimer(() => {
      this.reconnectTimer = null;
      if (!this.stopping) this.open();
    }, retryInMs);
  }

  private subscribe(client: MqttClient, list: string[]): void {
    client.subscribe(list, { qos: 1 }, (err) => {
      if (err) this.opts.log.warn('MQTT 订阅失败', { topics: list, error: err });
    });
  }

  private onlineState(): DeviceStatePayload {
    return { online: true, deviceId: this.opts.deviceId, at: this.nowIso(), ...this.opts.state() };
  }

  private nowIso(): string {
    return new Date(this.opts.clock.now()).toISOString();
  }

  private withTimeout(work: Promise<unknown>): Promise<unknown> {
    return new Promise((resolve) => {
      const timer = this.opts.clock.setTimer(() => resolve(undefined), STOP_PUBLISH_TIMEOUT_MS);
      void work.then(() => {
        this.opts.clock.clearTimer(timer);
        resolve(undefined);
      });
    });
  }
}
