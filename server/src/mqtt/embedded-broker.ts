import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Aedes, { AuthenticateError, Client } from 'aedes';
import { authorizePublish, authorizeSubscribe } from '@sunshine/devices';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { StartupError } from '../common/startup-error';
import { AclPrincipal, DeviceAuthService } from './device-auth.service';
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

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: DeviceAuthService,
  ) {}

  /** Starts listening and returns the URL the server's own client should use. */
  async start(): Promise<string> {
    const aedes = new Aedes({ heartbeatInterval: 30_000 });
    aedes.authenticate = (client, username, password, done) => {
      this.auth
        .authenticate({ clientId: client.id, username: username ?? '', password: password?.toString('utf8') ?? '' })
        .then((result) => {
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
    const server = net.createServer(aedes.handle);
    await listen(server, this.config.mqttPort, this.config.mqttHost, 'MQTT_PORT');
    this.aedes = aedes;
    this.server = server;
    const port = (server.address() as net.AddressInfo).port;
    this.logger.log(`内置 MQTT 服务已启动，端口 ${port}`);
    if (this.config.mqttTls) await this.startTls(aedes, this.config.mqttTls);
    return `mqtt://127.0.0.1:${port}`;
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
