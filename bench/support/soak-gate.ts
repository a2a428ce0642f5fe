/**
 * A loopback TCP relay in front of one agent's connection to the server (HTTP or MQTT), for the soak's faults:
 * `close()` partitions (relayed connections dropped, new ones refused), `open()` heals on the same port,
 * `corrupt` flips bytes of HTTP response bodies (server → agent) so downloaded media fails its sha256 check,
 * `slowBytesPerSecond` throttles server → agent bytes so a download lasts long enough to be killed in the middle.
 * The upstream port is read per connection, so a gate survives the server (or broker) moving.
 */
import * as net from 'node:net';

/** Every this many body bytes one is inverted: any media file of the soak gets several. */
const CORRUPT_EVERY = 997;
const HEADER_END = Buffer.from('\r\n\r\n');

export class SoakGate {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private port = 0;
  corrupt = false;
  slowBytesPerSecond = 0;
  /** Body bytes inverted while `corrupt` was on (ground truth that the fault really happened). */
  corruptedBytes = 0;

  private constructor(private readonly target: () => number) {}

  static async start(target: () => number): Promise<SoakGate> {
    const gate = new SoakGate(target);
    await gate.open();
    return gate;
  }

  get listenPort(): number {
    return this.port;
  }

  get isOpen(): boolean {
    return this.server !== null;
  }

  open(): Promise<void> {
    if (this.server) return Promise.resolve();
    const server = net.createServer((client) => this.relay(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        this.port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  close(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private relay(client: net.Socket): void {
    const upstream = net.connect(this.target(), '127.0.0.1');
    this.sockets.add(client);
    this.sockets.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    // Per connection: bytes seen before the first header end are headers and left alone.
    let inBody = false;
    let tail = Buffer.alloc(0);
    let bodyBytes = 0;
    upstream.on('data', (chunk: Buffer) => {
      let out = chunk;
      if (this.corrupt) {
        out = Buffer.from(chunk);
        let start = 0;
        if (!inBody) {
          const joined = Buffer.concat([tail, out]);
          const at = joined.indexOf(HEADER_END);
          if (at < 0) {
            tail = joined.subarray(-3);
            start = out.length;
          } else {
            inBody = true;
            start = Math.max(0, at + HEADER_END.length - tail.length);
          }
        }
        for (let i = start; i < out.length; i++) {
          if (bodyBytes++ % CORRUPT_EVERY === CORRUPT_EVERY - 1) {
            out[i] ^= 0xff;
            this.corruptedBytes++;
          }
        }
      }
      if (this.slowBytesPerSecond > 0) {
        upstream.pause();
        setTimeout(() => upstream.resume(), Math.ceil((out.length / this.slowBytesPerSecond) * 1000));
      }
      if (!client.destroyed) client.write(out);
    });
    upstream.on('end', () => client.end());
  }
}
