/**
 * The batched recompile against the real built server: one schedule reaching many devices publishes a signed
 * playlist to each of them and records it, an untouched device is not republished, and withdrawing the content
 * takes it off every affected device within the product's 5 s.
 */
import mqtt from 'mqtt';
import { Api } from './support/api-client';
import { RunningServer, startServer, waitFor } from './support/server-process';

jest.setTimeout(180_000);

const VILLAGES = ['510811100201', '510811101201'];
const DEVICES = 24;
/** DESIGN: withdrawing a content removes it from every affected device within 5 s. */
const WITHDRAW_WITHIN_MS = 5_000;

interface DevicePlaylistView {
  version: string;
  envelope: { payload: { seq: number; version: string; items: Array<{ contentId: string }> } };
}

describe('batched playlist recompile', () => {
  let server: RunningServer;
  let editor: Api;
  let reviewer: Api;
  let operator: Api;

  beforeAll(async () => {
    server = await startServer();
    [editor, reviewer, operator] = await Promise.all(['editor', 'reviewer', 'operator'].map((u) => Api.login(server.url, u)));
  });

  afterAll(async () => {
    await server?.stop();
  });

  const playlistOf = async (id: string): Promise<DevicePlaylistView> => (await operator.get<DevicePlaylistView>(`/api/devices/${id}/playlist`)).body;

  it('should publish to every targeted device, leave others alone and withdraw from all of them when the content is withdrawn', async () => {
    const c = await editor.post('/api/contents', { title: '批量测试通知', body: '请各村做好冬季防火工作。', department: '栖凤区应急管理局' });
    expect(c.status).toBe(201);
    await editor.post(`/api/contents/${c.body.id}/submit`);
    expect((await reviewer.post(`/api/contents/${c.body.id}/approve`)).body).toMatchObject({ status: 'approved' });
    await waitFor(async () => ((await editor.get(`/api/revisions/${c.body.latest.id}/renditions`)).body as Array<{ status: string }>).find((x) => x.status === 'done') ?? null, 60_000, () => server.output());

    const ids = Array.from({ length: DEVICES }, (_, i) => `batch-spk-${String(i).padStart(2, '0')}`);
    for (const [i, id] of ids.entries()) {
      const r = await operator.post('/api/devices', { id, name: `批量喇叭${i}`, kind: 'speaker', regionCode: VILLAGES[i % VILLAGES.length], quietHours: [] });
      expect(r.status).toBe(201);
    }
    const bystander = 'batch-tv-bystander';
    expect((await operator.post('/api/devices', { id: bystander, name: '旁观电视', kind: 'tv', regionCode: '510811102201' })).status).toBe(201);
    // A new device gets its first playlist from a recompile of its own, shortly after registering.
    const bystanderBefore = await waitFor(async () => (await playlistOf(bystander))?.envelope ? playlistOf(bystander) : null, 30_000, () => server.output());

    const created = await editor.post<{ targetedDevices: string[] }>('/api/schedules', { contentId: c.body.id, targets: { regionCodes: VILLAGES }, times: ['09:00', '15:00'] });
    expect(created.status).toBe(201);
    expect(created.body.targetedDevices).toEqual(expect.arrayContaining(ids));
    expect(created.body.targetedDevices).not.toContain(bystander);

    // Every targeted device has its own recorded, signed playlist with the new items and its own seq.
    const published = await Promise.all(ids.map(playlistOf));
    for (const p of published) {
      expect(p.envelope.payload.version).toBe(p.version);
      expect(p.envelope.payload.items.filter((item) => item.contentId === c.body.id).length).toBeGreaterThan(0);
    }
    expect(new Set(published.map((p) => p.envelope.payload.seq)).size).toBe(DEVICES);
    expect((await playlistOf(bystander)).envelope.payload.seq).toBe(bystanderBefore.envelope.payload.seq);

    const withdrawn = await editor.post(`/api/contents/${c.body.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    await waitFor(
      async () => {
        const now = await Promise.all(ids.map(playlistOf));
        return now.every((p) => p.envelope.payload.items.every((item) => item.contentId !== c.body.id)) ? true : null;
      },
      WITHDRAW_WITHIN_MS,
      () => `the withdrawn content is still on some device\n${server.output()}`,
    );
  });

  it('should put a device\'s last signed playlist back on the embedded broker when the server restarts', async () => {
    const id = 'batch-tv-restart';
    const registered = await operator.post<{ token: string }>('/api/devices', { id, name: '重启测试电视', kind: 'tv', regionCode: '510811102201' });
    expect(registered.status).toBe(201);
    const before = await waitFor(async () => (await playlistOf(id))?.envelope ? playlistOf(id) : null, 30_000, () => server.output());

    await server.stop();
    server = await startServer({ httpPort: server.httpPort, mqttPort: server.mqttPort, dataDir: server.dataDir });
    operator = await Api.login(server.url, 'operator');

    // A device with nothing stored (a replaced SD card) connects: the retained playlist is there, byte for byte.
    const client = await mqtt.connectAsync(server.mqttUrl, { clientId: id, username: id, password: registered.body.token, clean: true, reconnectPeriod: 0 });
    try {
      const retained = new Promise<{ retain: boolean; body: DevicePlaylistView['envelope'] }>((resolve) =>
        client.on('message', (_topic, payload, packet) => resolve({ retain: packet.retain, body: JSON.parse(payload.toString()) })),
      );
      await client.subscribeAsync(`sunshine/v1/devices/${id}/playlist`, { qos: 1 });
      let timer: NodeJS.Timeout | undefined;
      const got = await Promise.race([retained, new Promise<null>((r) => (timer = setTimeout(() => r(null), 10_000)))]).finally(() => clearTimeout(timer));
      expect(got).not.toBeNull();
      expect(got!.retain).toBe(true);
      expect(got!.body).toEqual(before.envelope);
    } finally {
      await client.endAsync();
    }
  });
});
