import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { parseTopic } from '@sunshine/playlists';
import Aedes, { AuthenticateError, Client } from 'aedes';
import { authorizePublish, authorizeSubscribe } from '@sunshine/devices';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DeviceListeningEvent, DeviceMessageRefusedEvent, DomainEvent } from '../common/domain-events';
import { MAX_DEVICE_MESSAGE_BYTES } from '../devices/device-message-problem';
import { StartupError } from '../common/startup-error';
import { AclPrincipal, DeviceAuthService } from './device-auth.service';
import { indexRetainedByTopic, type RetainedStore } from './retained-index';
import { certificateHostNames, loadTlsMaterial, type TlsMaterial } from './tls-material';

/**
 * The embedded aedes broker of the default set-up. Authentication and ACL are the same functions the HTTP
 * auth/ACL endpoints offer an external broker.
 */
@Injectable()
export class EmbeddedBroker implements OnModuleDestroy {
  private readonly logger = new Logger('Broker');
  private aedes: Aedes | null = null;
  private server: net.Server | null = null;
  private tlsServer: tls.Server | null = null;
  private tlsMaterial: TlsMaterial | null = null;
  private readonly principals = new WeakMap<Client, AclPrincipal>();
  /**
   * Revocations per device id (disable, token rotation, delete). An authentication that started before a
   * revocation may read the old row and succeed after it: it is refused when the count moved meanwhile.
   */
  private readonly revocations = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: DeviceAuthService,
    private readonly events: EventEmitter2,
  ) {}

  /** Starts listening and returns the URL the server's own client should use. */
  async start(): Promise<string> {
    const aedes = new Aedes({ heartbeatInterval: 30_000 });
    // Exact-topic retained lookups from an index: without it each agent's subscribe scans every retained message.
    indexRetainedByTopic((aedes as unknown as { persistence: RetainedStore }).persistence);
    aedes.authenticate = (client, username, password, done) => {
      const revokedBefore = this.revocations.get(username ?? '') ?? 0;
      this.auth
        .authenticate({ clientId: client.id, username: username ?? '', password: password?.toString('utf8') ?? '' })
        .then((result) => {
          if (result.ok && (this.revocations.get(username ?? '') ?? 0) !== revokedBefore) {
            result = { ok: false, reason: `设备 ${username} 的凭据已被撤销`, returnCode: 5 };
          }
          if (result.ok) {
            this.principals.set(client, result.principal);
            return done(null, true);
          }
          this.logger.warn(`拒绝连接 ${client.id}：${result.reason}`);
          const err = new Error(result.reason) as AuthenticateError;
          err.returnCode = result.returnCode;
          done(err, false);
        })
        .catch((err: Error) => {
          const e = new Error(err.message) as AuthenticateError;
          e.returnCode = 3; // server unavailable: the client retries
          done(e, false);
        });
    };
    aedes.authorizePublish = (client, packet, done) => {
      const principal = client ? this.principals.get(client) : undefined;
      if (!principal) return done(new Error('unauthenticated'));
      const decision = authorizePublish(principal, packet.topic);
      if (!decision.allow) {
        this.logger.warn(`拒绝 ${client!.id} 发布到 ${packet.topic.slice(0, 200)}：${decision.reason}`);
        if (principal.type === 'device') this.refused(principal.deviceId, 'TOPIC_DENIED', `发布到不属于本设备的主题 ${packet.topic.slice(0, 120)}，连接已断开`);
        return done(new Error(decision.reason));
      }
      // Dropped here, before it is passed on to the server's client; the connection is closed (aedes cannot drop quietly).
      if (principal.type === 'device' && packet.payload.length > MAX_DEVICE_MESSAGE_BYTES) {
        this.refused(principal.deviceId, 'MESSAGE_TOO_LARGE', `消息过大（${packet.payload.length} 字节，上限 ${MAX_DEVICE_MESSAGE_BYTES} 字节），已丢弃并断开连接`);
        return done(new Error('payload too large'));
      }
      done(null);
    };
    aedes.authorizeSubscribe = (client, sub, done) => {
      const principal = client ? this.principals.get(client) : undefined;
      const decision = principal ? authorizeSubscribe(principal, sub.topic) : { allow: false, reason: 'unauthenticated' };
      if (!decision.allow) this.logger.warn(`拒绝 ${client?.id} 订阅 ${sub.topic}：${decision.reason}`);
      done(null, decision.allow ? sub : null);
    };
    aedes.on('subscribe', (subscriptions) => {
      for (const s of subscriptions) {
        const t = parseTopic(s.topic);
        if (t?.kind === 'command') this.events.emit(DomainEvent.DeviceListening, { deviceId: t.deviceId } satisfies DeviceListeningEvent);
      }
    });
    const server = net.createServer(aedes.handle);
    await listen(server, this.config.mqttPort, this.config.mqttHost, 'MQTT_PORT');
    this.aedes = aedes;
    this.server = server;
    const port = (server.address() as net.AddressInfo).port;
    this.logger.log(`内置 MQTT 服务已启动，端口 ${port}`);
    if (this.config.mqttTls) await this.startTls(aedes, this.config.mqttTls);
    return `mqtt://127.0.0.1:${port}`;
  }

  private refused(deviceId: string, code: DeviceMessageRefusedEvent['code'], message: string): void {
    this.events.emit(DomainEvent.DeviceMessageRefused, { deviceId, code, message } satisfies DeviceMessageRefusedEvent);
  }

  /**
   * Drops a device's live connection at once (disabled, token rotated, deleted); its next connect is checked
   * against the database again and refused. `withWill: false` (delete) keeps its Last Will from re-creating a
   * retained state for a device that no longer exists.
   */
  async revokeDevice(deviceId: string, opts: { withWill: boolean }): Promise<boolean> {
    this.revocations.set(deviceId, (this.revocations.get(deviceId) ?? 0) + 1);
    const client = (this.aedes as unknown as { clients: Record<string, Client> } | null)?.clients[deviceId];
    if (!client) return false;
    this.logger.log(`断开设备 ${deviceId} 的连接：凭据已撤销`);
    if (!opts.withWill) (client as unknown as { will: unknown }).will = null;
    await new Promise<void>((resolve) => client.close(() => resolve()));
    return true;
  }

  /**
   * A device moved to another region may subscribe to that region's alert topics at once: its connected client's
   * principal is updated in place (the ACL reads it on every subscribe).
   */
  updateDeviceRegions(deviceId: string, regionCodes: string[]): void {
    const client = (this.aedes as unknown as { clients: Record<string, Client> } | null)?.clients[deviceId];
    const principal = client ? this.principals.get(client) : undefined;
    if (client && principal?.type === 'device') this.principals.set(client, { ...principal, regionCodes });
  }

  /** MQTT over TLS on its own port, same broker, same authentication and ACL. */
  private async startTls(aedes: Aedes, cfg: NonNullable<AppConfig['mqttTls']>): Promise<void> {
    const material = await loadTlsMaterial(cfg.source, this.config.dataDir, certificateHostNames([this.config.publicUrl, this.config.publicMqttUrl]));
    const server = tls.createServer({ cert: material.certPem, key: material.keyPem, minVersion: 'TLSv1.2' }, aedes.handle);
    // A client that fails the handshake (wrong CA, plain MQTT on the TLS port) is its problem, not the broker's.
    server.on('tlsClientError', (err) => this.logger.debug(`TLS 握手失败：${err.message}`));
    await listen(server, cfg.port, cfg.host, 'MQTT_TLS_PORT');
    this.tlsServer = server;
    this.tlsMaterial = material;
    const port = (server.address() as net.AddressInfo).port;
    const where = cfg.source.kind === 'self-signed' ? `CA 证书 ${this.config.dataDir}/tls/ca.crt（GET /api/agent/ca.crt）` : `证书 ${cfg.source.certFile}`;
    this.logger.log(`内置 MQTT over TLS 已启动，端口 ${port}；${where}，SHA-256 指纹 ${material.caFingerprint}`);
  }

  /** The CA agents should trust for mqtts:// (null when TLS is off). */
  get tls(): { caPem: string; caFingerprint: string; port: number } | null {
    if (!this.tlsMaterial || !this.tlsServer) return null;
    return { caPem: this.tlsMaterial.caPem, caFingerprint: this.tlsMaterial.caFingerprint, port: (this.tlsServer.address() as net.AddressInfo).port };
  }

  get port(): number | null {
    return this.server ? (this.server.address() as net.AddressInfo).port : null;
  }

  async onModuleDestroy(): Promise<void> {
    const { aedes, server, tlsServer } = this;
    this.aedes = null;
    this.server = null;
    this.tlsServer = null;
    if (tlsServer) await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    if (aedes) await new Promise<void>((resolve) => aedes.close(() => resolve()));
  }
}

function listen(server: net.Server, port: number, host: string, envName: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new StartupError(`MQTT 端口 ${port} 已被占用：请停止占用该端口的程序，或用 ${envName} 指定其他端口`) : err);
    });
    server.listen(port, host, () => resolve());
  });
}
