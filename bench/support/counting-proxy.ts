/**
 * A loopback HTTP proxy in front of the server that counts the response body bytes it relays for `/media/`
 * requests: what an agent really downloaded, independent of what the agent says it did.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MediaRequest {
  path: string;
  status: number;
  bytes: number;
}

export class CountingProxy {
  private readonly server: http.Server;
  private requests: MediaRequest[] = [];
  private inFlight = 0;
  private lastActivityMs = Date.now();

  private constructor(private readonly target: URL) {
    this.server = http.createServer((req, res) => this.relay(req, res));
  }

  static async start(targetUrl: string): Promise<CountingProxy> {
    const proxy = new CountingProxy(new URL(targetUrl));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', () => resolve()));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Media requests completed since the last reset. */
  mediaRequests(): MediaRequest[] {
    return [...this.requests];
  }

  mediaBytes(): number {
    return this.requests.reduce((sum, r) => sum + r.bytes, 0);
  }

  reset(): void {
    this.requests = [];
  }

  /** True when nothing is in flight and nothing happened for `quietMs`. */
  idleFor(quietMs: number): boolean {
    return this.inFlight === 0 && Date.now() - this.lastActivityMs >= quietMs;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private relay(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = req.url ?? '/';
    const counted = path.startsWith('/media/');
    this.inFlight++;
    this.lastActivityMs = Date.now();
    let bytes = 0;
    let done = false;
    const finish = (status: number): void => {
      if (done) return;
      done = true;
      this.inFlight--;
      this.lastActivityMs = Date.now();
      if (counted) this.requests.push({ path, status, bytes });
    };
    const upstream = http.request(
      { host: this.target.hostname, port: this.target.port, method: req.method, path, headers: { ...req.headers, host: this.target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.on('data', (chunk: Buffer) => (bytes += chunk.length));
        up.pipe(res);
        up.on('end', () => finish(up.statusCode ?? 502));
        up.on('error', () => finish(up.statusCode ?? 502));
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      finish(502);
    });
    res.on('close', () => {
      upstream.destroy();
      finish(res.statusCode);
    });
    req.pipe(upstream);
  }
}
