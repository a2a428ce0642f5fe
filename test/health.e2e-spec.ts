/**
 * `/api/health` against the built server: 200 while every dependency is fine, 503 naming the one that is down —
 * the media store made unwritable (its folder replaced by a file) and the external broker stopped.
 */
import Aedes from 'aedes';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Api } from './support/api-client';
import { freePort, RunningServer, startServer, waitFor } from './support/server-process';

jest.setTimeout(90_000);

async function startBroker(port: number): Promise<{ close: () => Promise<void> }> {
  const broker = new Aedes();
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('health', () => {
  let server: RunningServer;
  let broker: { close: () => Promise<void> };
  let brokerPort: number;
  const health = () => new Api(server.url).get('/api/health');

  beforeAll(async () => {
    brokerPort = await freePort();
    broker = await startBroker(brokerPort);
    server = await startServer({ env: { DEMO: '0', MQTT_URL: `mqtt://127.0.0.1:${brokerPort}` } });
  });

  afterAll(async () => {
    await server?.stop();
    await broker?.close();
  });

  it('should answer 200 with every dependency checked when all are fine', async () => {
    const r = await health();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', database: true, mqtt: true, mediaStore: true, down: [] });
    expect(r.body.checks.map((c: { name: string }) => c.name)).toEqual(['database', 'mqtt', 'mediaStore']);
    expect(r.body.mediaStoreFreeBytes).toBeGreaterThan(0);
  });

  it('should say which ffmpeg and ffprobe this process renders with, as logged at start', async () => {
    const { ffmpeg, ffprobe } = (await health()).body as Record<'ffmpeg' | 'ffprobe', { path: string; source: string; version: string | null }>;
    // ffmpeg-static when its download succeeded and runs, the npm-shipped binaries otherwise (CI: no GitHub access).
    expect(['static', 'installer']).toContain(ffmpeg.source);
    expect(ffmpeg.version).toMatch(/^ffmpeg version /);
    expect(ffprobe.version).toMatch(/^ffprobe version /);
    expect(server.output()).toContain(`ffmpeg：${ffmpeg.path}`);
  });

  it('should answer 503 naming the media store when it cannot be written, and 200 again once fixed', async () => {
    const media = path.join(server.dataDir, 'media');
    fs.rmSync(media, { recursive: true, force: true });
    fs.writeFileSync(media, 'not a folder');
    try {
      const r = await health();
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ status: 'degraded', mediaStore: false, database: true, mqtt: true, down: ['mediaStore'] });
      expect(r.body.checks[2].problem).toMatch(/^媒体存储目录不可写/);
    } finally {
      fs.rmSync(media, { force: true });
    }
    expect((await health()).status).toBe(200);
  });

  it('should answer 503 naming the broker while it is down, and 200 once it is back', async () => {
    await broker.close();
    const down = await waitFor(async () => {
      const r = await health();
      return r.status === 503 ? r : null;
    }, 20_000, () => 'health never reported the stopped broker');
    expect(down.body).toMatchObject({ status: 'degraded', mqtt: false, down: ['mqtt'] });
    broker = await startBroker(brokerPort);
    await waitFor(async () => ((await health()).status === 200 ? true : null), 20_000, () => server.output());
  });
});
