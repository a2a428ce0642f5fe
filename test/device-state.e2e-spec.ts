/**
 * Device state end to end: a real agent (built, child process, null backend) against the built server. What the
 * agent reports — version, volume, cache, clock offset, online/offline — is what the fleet API serves, and the
 * status/region filters select it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Api } from './support/api-client';
import { AGENT_MAIN, RunningServer, startServer, stopProcess, tempDir, waitFor } from './support/server-process';

jest.setTimeout(90_000);

const VILLAGE = '510811100201';
const TOWN = '510811100000';
const OTHER_TOWN = '510811101000';
const OTHER_VILLAGE = '510811101201';

interface DeviceBody {
  id: string;
  online: boolean;
  status: 'online' | 'offline';
  lastSeenAt: string | null;
  agentVersion: string | null;
  nowPlaying: unknown;
  volume: number | null;
  cacheBytes: number | null;
  clockOffsetMs: number | null;
}

describe('device state: what an agent reports is served by the fleet API', () => {
  let server: RunningServer;
  let operator: Api;
  let agent: ChildProcess | null = null;
  let agentOutput = '';

  beforeAll(async () => {
    server = await startServer();
    operator = await Api.login(server.url, 'operator');
  });

  afterAll(async () => {
    if (agent) await stopProcess(agent);
    await server?.stop();
  });

  const device = async (id: string): Promise<DeviceBody> => (await operator.get(`/api/devices/${id}`)).body as DeviceBody;
  const listIds = async (query: string): Promise<string[]> => ((await operator.get(`/api/devices?${query}`)).body as DeviceBody[]).map((d) => d.id);

  it('should serve version, volume, cache, clock offset and last seen, and filter by status and region, when an agent reports and goes away', async () => {
    const r = await operator.post('/api/devices', { id: 'state-tv-1', name: '便民服务大厅电视', kind: 'tv', regionCode: VILLAGE });
    expect(r.status).toBe(201);
    expect((await operator.post('/api/devices', { id: 'state-tv-2', name: '另一镇电视', kind: 'tv', regionCode: OTHER_VILLAGE })).status).toBe(201);
    const never = await device('state-tv-2');
    expect(never).toMatchObject({ online: false, status: 'offline', agentVersion: null, volume: null, cacheBytes: null, clockOffsetMs: null, lastSeenAt: null });

    const keyFile = path.join(tempDir('state-key'), 'playlist.pem');
    fs.writeFileSync(keyFile, (await new Api(server.url).get('/api/keys/playlist')).body.publicKeyPem);
    agent = spawn(
      process.execPath,
      [AGENT_MAIN, '--server', server.url, '--mqtt', server.mqttUrl, '--device-id', 'state-tv-1', '--token', r.body.token, '--public-key-file', keyFile, '--data-dir', tempDir('state-agent'), '--backend', 'null'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    agent.stdout!.on('data', (b: Buffer) => (agentOutput += b.toString()));
    agent.stderr!.on('data', (b: Buffer) => (agentOutput += b.toString()));

    const online = await waitFor(async () => {
      const d = await device('state-tv-1');
      return d.online && d.agentVersion ? d : null;
    }, 30_000, () => `agent did not report:\n${agentOutput}\n${server.output()}`);
    expect(online).toMatchObject({ status: 'online', agentVersion: expect.any(String), volume: 100, cacheBytes: expect.any(Number) });
    expect(Date.parse(online.lastSeenAt!)).toBeGreaterThan(Date.now() - 60_000);

    // A live signed command gives the agent a clock-offset sample; the result and the new volume come back.
    const sent = await operator.post('/api/devices/state-tv-1/commands', { type: 'set-volume', volume: 35 });
    expect(sent.status).toBe(202);
    const applied = await waitFor(async () => {
      const d = await device('state-tv-1');
      return d.volume === 35 && d.clockOffsetMs !== null ? d : null;
    }, 20_000, async () => `volume not reported: ${JSON.stringify(await device('state-tv-1'))}\n${agentOutput}\n${server.output()}`);
    // Same machine, same clock: the offset is the delivery delay only.
    expect(Math.abs(applied.clockOffsetMs!)).toBeLessThan(5_000);
    const results = await waitFor(async () => {
      const list = (await operator.get('/api/devices/state-tv-1/commands')).body as Array<{ id: string; result: string; message: string | null }>;
      return list.find((c) => c.id === sent.body.id && c.result !== 'pending') ?? null;
    }, 20_000, () => agentOutput);
    expect(results).toMatchObject({ result: 'ok', message: '音量已设为 35' });

    expect(await listIds(`status=online&region=${TOWN}`)).toContain('state-tv-1');
    expect(await listIds(`status=offline&region=${TOWN}`)).not.toContain('state-tv-1');
    const otherTown = await listIds(`status=offline&region=${OTHER_TOWN}`);
    expect(otherTown).toContain('state-tv-2');
    expect(otherTown).not.toContain('state-tv-1');

    // A clean stop publishes the offline state: the device keeps what it last reported, nothing plays.
    await stopProcess(agent);
    agent = null;
    await waitFor(async () => ((await listIds(`status=offline&region=${TOWN}`)).includes('state-tv-1') ? true : null), 20_000, () => server.output());
    expect(await device('state-tv-1')).toMatchObject({ online: false, status: 'offline', agentVersion: online.agentVersion, volume: 35, nowPlaying: null, clockOffsetMs: applied.clockOffsetMs });
    expect(await listIds(`status=online&region=${TOWN}`)).not.toContain('state-tv-1');
  });
});
