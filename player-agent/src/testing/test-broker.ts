import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import Aedes, { type AuthenticateError } from 'aedes';

export interface SeenPublish {
  topic: string;
  payload: string;
  retain: boolean;
  clientId: string | null;
}

/** A real in-process MQTT broker (aedes, a dev-time dependency of the repo) with per-device credentials. */
export class TestBroker {
  readonly published: SeenPublish[] = [];
  readonly subscriptions: Array<{ clientId: string; topic: string }> = [];
  readonly connects: Array<{ clientId: string; username: string | undefined }> = [];
  private readonly broker: Aedes;
  private readonly server: net.Server;

  constructor(private readonly credentials: Record<string, string>) {
    this.broker = new Aedes({
      authenticate: (client, username, password, done) => {
        this.connects.push({ clientId: client.id, username });
        if (username && username === client.id && this.credentials[username] === password?.toString()) return done(null, true);
        const err = new Error('bad credentials') as AuthenticateError;
        err.returnCode = 4;
        done(err, false);
      },
    });
    this.broker.on('publish', (packet, client) => {
      if (packet.topic.startsWith('$SYS')) return;
      this.published.push({ topic: packet.topic, payload: packet.payload.toString(), retain: packet.retain, clientId: client?.id ?? null });
    });
    this.broker.on('subscribe', (subs, client) => subs.forEach((s) => this.subscriptions.push({ clientId: client.id, topic: s.topic })));
    this.server = net.createServer(this.broker.handle);
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `mqtt://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  publish(topic: string, payload: Buffer | string, retain = false): Promise<void> {
    return new Promise((resolve, reject) =>
      this.broker.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain, dup: false }, (err) => (err ? reject(err) : resolve())),
    );
  }

  /** Cuts a client's connection without a DISCONNECT, as a power cut or network loss would. */
  dropClient(clientId: string): void {
    const client = (this.broker as unknown as { clients: Record<string, { conn: net.Socket }> }).clients[clientId];
    client?.conn.destroy();
  }

  isConnected(clientId: string): boolean {
    return clientId in (this.broker as unknown as { clients: Record<string, unknown> }).clients;
  }
}

/** Polls a condition that depends on real sockets; fails the test with `what` if it never holds. */
export async function eventually<T>(probe: () => T | undefined | false, what: string, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
