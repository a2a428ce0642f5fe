import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeHttpGet, type HttpResponse } from './http-get';

describe('nodeHttpGet', () => {
  let server: http.Server;
  let url: string;
  let connections: number;
  let requests: number;

  beforeEach(async () => {
    connections = 0;
    requests = 0;
    // Answers the first request of each connection; drops the connection on the second, as a server closing an
    // idle keep-alive socket at the moment the client reuses it does.
    server = http.createServer((req, res) => {
      requests++;
      const perSocket = ((req.socket as { served?: number }).served = ((req.socket as { served?: number }).served ?? 0) + 1);
      if (perSocket > 1) return req.socket.destroy();
      res.end('ok');
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const text = async (res: HttpResponse): Promise<string> => {
    let s = '';
    for await (const chunk of res.body) s += String(chunk);
    return s;
  };

  it('should send again on a fresh connection when the server drops a reused keep-alive socket', async () => {
    expect(await text(await nodeHttpGet(url, {}))).toBe('ok');
    const second = await nodeHttpGet(url, {});
    expect(second.status).toBe(200);
    expect(await text(second)).toBe('ok');
    expect(requests).toBe(3);
    expect(connections).toBe(2);
  });

  it('should reject when a fresh connection fails', async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await expect(nodeHttpGet(url, {})).rejects.toThrow();
    server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
});
