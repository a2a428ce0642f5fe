import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { parseTopic } from '@sunshine/playlists';
import Aedes, { AuthenticateError, Client } from 'aedes';
import { authorizePublish, authorizeSubscribe } from '@sunshine/devices';
import * as net from 'node:net';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DeviceListeningEvent, DomainEvent } from '../common/domain-events';
import { StartupError } from '../common/startup-error';
import { AclPrincipal, DeviceAuthService } from './device-auth.service';

/**
 * The embedded aedes broker of the default set-up. Authentication and ACL are the same functions the HTTP
 * auth/ACL endpoints offer an external broker.
 */
@Injectable()
export class EmbeddedBroker implements OnModuleDestroy {
  private readonly logger = new Logger('Broker');
  private aedes: Aedes | null = null;
  private server: net.Server | null = null;
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
      if (!decision.allow) this.logger.warn(`拒绝 ${client!.id} 发布到 ${packet.topic}：${decision.reason}`);
      done(decision.allow ? null : new Error(decision.reason));
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
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(
          err.code === 'EADDRINUSE'
            ? new StartupError(`MQTT 端口 ${this.config.mqttPort} 已被占用：请停止占用该端口的程序，或用 MQTT_PORT 指定其他端口`)
            : err,
        );
      });
      server.listen(this.config.mqttPort, this.config.mqttHost, () => resolve());
    });
    this.aedes = aedes;
    this.server = server;
    const port = (server.address() as net.AddressInfo).port;
    this.logger.log(`内置 MQTT 服务已启动，端口 ${port}`);
    return `mqtt://127.0.0.1:${port}`;
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

  get port(): number | null {
    return this.server ? (this.server.address() as net.AddressInfo).port : null;
  }

  async onModuleDestroy(): Promise<void> {
    const { aedes, server } = this;
    this.aedes = null;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    if (aedes) await new Promise<void>((resolve) => aedes.close(() => resolve()));
  }
}
