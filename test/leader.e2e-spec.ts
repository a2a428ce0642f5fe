/**
 * Two API processes behind one database and one broker: only the leader announces renders (compiles and publishes
 * for them), the standby renders but leaves publishing to the leader, operator requests the standby receives are
 * compiled and published by the leader, once, and when the leader is killed with -9 the standby takes over and
 * publishes from then on. The broker is an aedes on loopback standing in for an external one
 * (MQTT_URL), so that it outlives either server; the database is the shared SQLite file of one data directory
 * (or DATABASE_URL, when the suite runs on PostgreSQL).
 */
import Aedes from 'aedes';
import { connect } from 'mqtt';
import * as net from 'node:net';
import * as path from 'node:path';
import { AgentProcess } from './support/agent-process';
import { Api } from './support/api-client';
import { approvedNotice, playlistKey, registerDevice, waitForRendition } from './support/editorial';
import { freePort, RunningServer, startServer, tempDir, waitFor } from './support/server-process';
import { killHard } from './support/worker-process';

jest.setTimeout(240_000);

const VILLAGE = '510811100201';
const DEVICE = 'e2e-leader-spk';
const PLAYLIST_TOPIC = `sunshine/v1/devices/${DEVICE}/playlist`;

describe('one leader among two API processes', () => {
  let broker: Aedes;
  let brokerServer: net.Server;
  let mqttUrl: string;
  let first: RunningServer;
  let second: RunningServer;
  let agent: AgentProcess | undefined;
  /** Every playlist publish the broker saw, with the publishing client. */
  const publishes: Array<{ clientId: string; topic: string; payload: string }> = [];
  /** Every connect of a server client: two processes sharing a client id would take the session from each other. */
  const serverConnects: string[] = [];
  const publishersOf = (deviceId: string, sha256: string): string[] => [
    ...new Set(publishes.filter((p) => p.topic === `sunshine/v1/devices/${deviceId}/playlist` && p.payload.includes(sha256)).map((p) => p.clientId)),
  ];
  /** The server's MQTT client id ends with its HTTP port: one session per API process (server-client-id.ts). */
  const serverClient = (server: RunningServer): string => expect.stringMatching(new RegExp(`-${server.httpPort}$`)) as unknown as string;

  beforeAll(async () => {
    broker = new Aedes();
    broker.on('publish', (packet, client) => {
      if (client && packet.topic.endsWith('/playlist')) publishes.push({ clientId: client.id, topic: packet.topic, payload: packet.payload.toString() });
    });
    broker.on('client', (client) => {
      if (client.id.startsWith('sunshine-server-')) serverConnects.push(client.id);
    });
    brokerServer = net.createServer(broker.handle);
    const port = await freePort();
    await new Promise<void>((resolve) => brokerServer.listen(port, '127.0.0.1', () => resolve()));
    mqttUrl = `mqtt://127.0.0.1:${port}`;
    // The first one renders nothing itself: whatever is rendered, the standby renders.
    first = await startServer({ env: { MQTT_URL: mqttUrl, RENDER_WORKERS: '0', EDGE_TTS: 'off' } });
    second = await startServer({ dataDir: first.dataDir, env: { MQTT_URL: mqttUrl, RENDER_WORKERS: '1', EDGE_TTS: 'off' } });
  });

  afterAll(async () => {
    await agent?.stop();
    await second?.stop();
    await first?.stop();
    await new Promise<void>((resolve) => brokerServer?.close(() => resolve()));
    await new Promise<void>((resolve) => broker?.close(() => resolve()));
  });

  const role = async (server: RunningServer): Promise<string> => (await new Api(server.url).get('/api/health')).body.role;
  const diagnostics = (): string => `first:\n${first.output().slice(-3000)}\nsecond:\n${second.output().slice(-3000)}\nagent:\n${agent?.output() ?? ''}`;

  /** Approves a notice on `api`'s server, schedules it now and waits for the agent's play log. */
  async function airedVia(server: RunningServer, deviceId: string, title: string): Promise<{ revisionId: string; sha256: string }> {
    const editor = await Api.login(server.url, 'editor');
    const reviewer = await Api.login(server.url, 'reviewer');
    const operator = await Api.login(server.url, 'operator');
    const { contentId, revisionId } = await approvedNotice(editor, reviewer, { title, body: `${title}：请各位村民互相转告。`, department: '栖凤区人民政府' });
    expect((await editor.post('/api/schedules', { contentId, targets: { deviceIds: [deviceId] }, now: true })).status).toBe(201);
    const rendition = await waitForRendition(editor, revisionId, 90_000).catch((e: Error) => Promise.reject(new Error(`${e.message}\n${diagnostics()}`)));
    await waitFor(
      async () => {
        const logs = (await operator.get(`/api/playlogs?contentId=${contentId}`)).body as Array<{ outcome: string; sha256: string }>;
        return logs.some((l) => l.outcome === 'completed' && l.sha256 === rendition.sha256) ? true : null;
      },
      rendition.durationMs + 60_000,
      () => `《${title}》was not played:\n${diagnostics()}`,
    );
    return { revisionId, sha256: rendition.sha256 };
  }

  it('should show one leader and one standby, the standby rendering and the leader publishing', async () => {
    expect([await role(first), await role(second)]).toEqual(['leader', 'standby']);

    const operator = await Api.login(second.url, 'operator');
    const device = await registerDevice(operator, { id: DEVICE, name: '主备测试喇叭', kind: 'speaker', regionCode: VILLAGE, quietHours: [] });
    const key = await playlistKey(operator);
    agent = new AgentProcess([
      '--server', second.url,
      '--mqtt', mqttUrl,
      '--device-id', device.id,
      '--token', device.token,
      '--public-key-file', key.file,
      '--data-dir', path.join(tempDir('leader-agent'), 'agent'),
      '--backend', 'null',
    ]);
    await waitFor(async () => ((await operator.get(`/api/devices/${device.id}`)).body.status === 'online' ? true : null), 30_000, () => `agent not online:\n${diagnostics()}`);

    // Approved and scheduled on the standby, rendered by the standby (the leader has no render slots) — and
    // announced by the leader, which recompiles and publishes.
    const { revisionId, sha256 } = await airedVia(second, device.id, '主节点发布测试');
    expect(publishersOf(device.id, sha256)).toEqual([serverClient(first)]);
    // Each process connected once, under a session of its own: nobody was knocked off meanwhile.
    expect(serverConnects).toEqual([serverClient(first), serverClient(second)]);
    const jobs = (await operator.get(`/api/revisions/${revisionId}/renders`)).body as Array<{ profile: string; leaseOwner: string }>;
    const speaker = jobs.find((j) => j.profile === 'speaker')!;
    expect(speaker.leaseOwner).toContain(`:${second.proc.pid}:`);
    // The registration on the standby included: every playlist this device ever got came from the leader.
    expect([...new Set(publishes.filter((p) => p.topic === PLAYLIST_TOPIC).map((p) => p.clientId))]).toEqual([serverClient(first)]);
  });

  it('should hand an approval, a schedule and a withdrawal made on the standby to the leader, which publishes each once', async () => {
    const editor = await Api.login(second.url, 'editor');
    const reviewer = await Api.login(second.url, 'reviewer');
    const fromBroker = publishes.length;
    // A bare subscriber on the device's retained playlist topic: the first message is the retained one, every
    // further one a publish.
    const seen: string[] = [];
    const watcher = connect(mqttUrl, { clientId: 'e2e-leader-watcher', protocolVersion: 4, reconnectPeriod: 0 });
    try {
      await new Promise<void>((resolve, reject) => {
        watcher.once('connect', () => resolve());
        watcher.once('error', reject);
      });
      watcher.on('message', (topic, payload) => {
        if (topic === PLAYLIST_TOPIC) seen.push(payload.toString());
      });
      await watcher.subscribeAsync(PLAYLIST_TOPIC, { qos: 1 });
      await waitFor(async () => (seen.length > 0 ? true : null), 10_000, () => 'the retained playlist never came');
      const live = (): string[] => seen.slice(1);
      const carrying = (sha256: string): string[] => live().filter((p) => p.includes(sha256));
      const arrives = (what: string, ok: () => boolean): Promise<unknown> => waitFor(async () => (ok() ? true : null), 60_000, () => `${what}:\n${diagnostics()}`);

      // Approved on the standby and rendered there; not scheduled yet, so nothing to publish.
      const v1 = await approvedNotice(editor, reviewer, { title: '备用节点审核测试', body: '备用节点审核测试：第一版。', department: '栖凤区人民政府' });
      const r1 = await waitForRendition(editor, v1.revisionId, 90_000);
      // Scheduled on the standby with its rendition already there: compiled and published at once — by the leader.
      expect((await editor.post('/api/schedules', { contentId: v1.contentId, targets: { deviceIds: [DEVICE] }, loop: true })).status).toBe(201);
      await arrives('the new schedule was not published', () => carrying(r1.sha256).length > 0);
      // A revision approved on the standby: rendered there, published by the leader.
      const v2 = await approvedNotice(editor, reviewer, { title: '备用节点审核测试', body: '备用节点审核测试：第二版。', department: '栖凤区人民政府' }, v1.contentId);
      const r2 = await waitForRendition(editor, v2.revisionId, 90_000);
      await arrives('the approved revision was not published', () => carrying(r2.sha256).length > 0);
      // Withdrawn on the standby: the leader publishes the playlist without it.
      const beforeWithdraw = live().length;
      expect((await editor.post(`/api/contents/${v1.contentId}/withdraw`)).status).toBe(200);
      await arrives('the withdrawal was not published', () => live().slice(beforeWithdraw).some((p) => !p.includes(r2.sha256)));

      expect(carrying(r1.sha256)).toHaveLength(1);
      expect(carrying(r2.sha256)).toHaveLength(1);
      expect(live().slice(beforeWithdraw)).toHaveLength(1);
      // No compiled version went out twice, and nothing came from the standby.
      const versions = live().map((p) => (JSON.parse(p) as { payload: { version: string } }).payload.version);
      expect(new Set(versions).size).toBe(versions.length);
      expect([...new Set(publishes.slice(fromBroker).filter((p) => p.topic === PLAYLIST_TOPIC).map((p) => p.clientId))]).toEqual([serverClient(first)]);
    } finally {
      await watcher.endAsync();
    }
  });

  it('should let the standby take over when the leader is killed with -9, and publish from then on', async () => {
    await killHard(first.proc);
    // The lease lapses 8 s after the last renewal and the standby tries every 2 s (LeaderElection's unit spec
    // holds the 10 s bound on fake time); here the deadline only keeps a broken take-over from hanging.
    await waitFor(async () => ((await role(second)) === 'leader' ? true : null), 30_000, () => `the standby did not take over:\n${diagnostics()}`);
    expect(second.output()).toContain('本进程已接管为主节点');

    const { sha256 } = await airedVia(second, DEVICE, '接管后发布测试');
    expect(publishersOf(DEVICE, sha256)).toEqual([serverClient(second)]);
  });
});
