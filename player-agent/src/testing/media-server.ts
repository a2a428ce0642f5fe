import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedRequest {
  url: string;
  range: string | undefined;
}

/**
 * A real HTTP server on 127.0.0.1:0 serving in-memory files with single-range support, like the media store.
 * `dropAfter(n)` makes the next response send n body bytes and then cut the connection.
 */
export class TestMediaServer {
  readonly requests: ServedRequest[] = [];
  private readonly files = new Map<string, Buffer>();
  private dropNextAfter: number | null = null;
  /** Behave like a server without Range support (always 200 with the whole file). */
  ignoreRanges = false;
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  serve(urlPath: string, body: Buffer): void {
    this.files.set(urlPath, body);
  }

  dropAfter(bytes: number): void {
    this.dropNextAfter = bytes;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests.push({ url: req.url ?? '', range: req.headers.range });
    const body = this.files.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    let start = 0;
    const range = this.ignoreRanges ? null : /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      start = Number(range[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, { 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}`, 'Content-Length': body.length - start });
    } else {
      res.writeHead(200, { 'Content-Length': body.length });
    }
    const drop = this.dropNextAfter;
    this.dropNextAfter = null;
    if (drop === null) {
      res.end(body.subarray(start));
      return;
    }
    res.write(body.subarray(start, start + drop), () => setTimeout(() => res.socket?.destroy(), 20));
  }
}
