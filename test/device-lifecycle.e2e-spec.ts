/**
 * Device lifecycle against the built server and its embedded broker, with raw MQTT clients standing in for
 * agents: disabling drops the connection at once and refuses the token and withdraws the retained playlist
 * (the external broker's HTTP hooks exist only with MQTT_URL, covered by the mqtt-hooks e2e); enabling lets it back; rotating the token refuses
 * the old one; deleting clears the retained playlist; a bulk CSV registers all rows or reports every bad one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import mqtt, { MqttClient } from 'mqtt';
import { Api } from './support/api-client';
import { registerDevice } from './support/editorial';
import { brokerAnswer, connectDevice as connectAs } from './support/mqtt-device';
import { RunningServer, startServer, waitFor } from './support/server-process';

jest.setTimeout(90_000);

const VILLAGE = '510811100201';
const OTHER_VILLAGE = '510811101201';
/** The brief's bound for "at once": the broker closes the socket inside the API call, this is generous. */
const DROP_BOUND_MS = 2_000;

const playlistTopic = (id: string): string => `sunshine/v1/devices/${id}/playlist`;

describe('device lifecycle: disable, enable, rotate, delete, bulk registration', () => {
  let server: RunningServer;
  let operator: Api;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    server = await startServer();
    operator = await Api.login(server.url, 'operator');
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
    await server?.stop();
  });

  /** Connects as a device, closed again after the suite. */
  async function connectDevice(id: string, token: string): Promise<MqttClient> {
    const c = await connectAs(server.mqttUrl, id, token);
    clients.push(c);
    return c;
  }

  const refused = (id: string, token: string): Promise<string> => brokerAnswer(server.mqttUrl, id, token);

  /** The retained playlist envelope as a fresh subscriber gets it, or null when there is none. */
  async function retainedPlaylist(id: string): Promise<{ payload: { regionCodes: string[] } } | null> {
    const secret = fs.readFileSync(path.join(server.dataDir, 'secrets', 'mqtt-server.secret'), 'utf8').trim();
    const c = await mqtt.connectAsync(server.mqttUrl, { clientId: `probe-${Date.now()}`, username: 'sunshine-server', password: secret, reconnectPeriod: 0 });
    try {
      let retained: string | null = null;
      const marker = `test/marker/${Date.now()}`;
      const markerSeen = new Promise<void>((resolve) =>
        c.on('message', (topic, payload, packet) => {
          if (topic === playlistTopic(id) && packet.retain && payload.length > 0) retained = payload.toString();
          if (topic === marker) resolve();
        }),
      );
      await c.subscribeAsync(playlistTopic(id), { qos: 1 });
      // Retained messages are sent right after the SUBACK; a marker published after it arrives behind them.
      await c.subscribeAsync(marker, { qos: 1 });
      await c.publishAsync(marker, 'x', { qos: 1 });
      await markerSeen;
      return retained === null ? null : JSON.parse(retained);
    } finally {
      await c.endAsync(true);
    }
  }

  const waitForPlaylist = (id: string) =>
    waitFor(() => retainedPlaylist(id), 20_000, () => `no retained playlist for ${id}:\n${server.output()}`);

  it('should drop a disabled device at once, refuse it (embedded and HTTP hook), withdraw its playlist, and let it back when enabled', async () => {
    const { id, token } = await registerDevice(operator, { id: 'life-spk-01', name: '生命周期喇叭', kind: 'speaker', regionCode: VILLAGE });
    await waitForPlaylist(id);
    const client = await connectDevice(id, token);
    const closed = new Promise<number>((resolve) => client.once('close', () => resolve(Date.now())));

    const before = Date.now();
    const r = await operator.post(`/api/devices/${id}/disable`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, active: false });
    const timer = new Promise<number>((_, reject) => setTimeout(() => reject(new Error('connection not dropped within 2 s')), DROP_BOUND_MS));
    const closedAt = await Promise.race([closed, timer]);
    expect(closedAt - before).toBeLessThan(DROP_BOUND_MS);

    expect(await refused(id, token)).toMatch(/Not authorized|Bad username or password/i);
    expect(await retainedPlaylist(id)).toBeNull();

    expect((await operator.post(`/api/devices/${id}/enable`)).body).toMatchObject({ id, active: true });
    await waitForPlaylist(id);
    const again = await connectDevice(id, token);
    expect(again.connected).toBe(true);
  });

  it('should refuse the old token and drop its connection when the token is rotated, and accept the new one', async () => {
    const { id, token } = await registerDevice(operator, { id: 'life-spk-02', name: '换令牌喇叭', kind: 'speaker', regionCode: VILLAGE });
    const client = await connectDevice(id, token);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const r = await operator.post(`/api/devices/${id}/rotate-token`);
    expect(r.status).toBe(200);
    expect(r.body.token).toEqual(expect.any(String));
    expect(r.body.token).not.toBe(token);
    await closed;
    expect(await refused(id, token)).toMatch(/Bad username or password|Not authorized/i);
    expect((await connectDevice(id, r.body.token)).connected).toBe(true);
  });

  it('should clear the retained playlist and refuse the device when it is deleted', async () => {
    const { id, token } = await registerDevice(operator, { id: 'life-spk-03', name: '待删除喇叭', kind: 'speaker', regionCode: VILLAGE });
    await waitForPlaylist(id);
    const r = await operator.request('DELETE', `/api/devices/${id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id, deleted: true });
    expect(await retainedPlaylist(id)).toBeNull();
    expect((await operator.get(`/api/devices/${id}`)).status).toBe(404);
    expect(await refused(id, token)).toMatch(/Bad username or password|Not authorized/i);
  });

  it('should recompile the playlist when the region changes and refuse a bad edit', async () => {
    const { id } = await registerDevice(operator, { id: 'life-tv-04', name: '大厅电视', kind: 'tv', regionCode: VILLAGE });
    expect((await waitForPlaylist(id)).payload.regionCodes[0]).toBe(VILLAGE);
    const bad = await operator.request('PATCH', `/api/devices/${id}`, JSON.stringify({ defaultVolume: 101, regionCode: '5108' }));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const unknownRegion = await operator.request('PATCH', `/api/devices/${id}`, JSON.stringify({ regionCode: '510811199999' }));
    expect(unknownRegion.status).toBe(404);
    const ok = await operator.request('PATCH', `/api/devices/${id}`, JSON.stringify({ name: '新名称', regionCode: OTHER_VILLAGE, tags: ['大厅'], openingHours: [{ from: '09:00', until: '17:00' }], defaultVolume: 40 }));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: '新名称', regionCode: OTHER_VILLAGE, tags: ['大厅'], openingHours: [{ from: '09:00', until: '17:00' }], defaultVolume: 40 });
    await waitFor(async () => ((await retainedPlaylist(id))?.payload.regionCodes[0] === OTHER_VILLAGE ? true : null), 20_000, () => 'playlist not recompiled for the new region');
  });

  it('should report every bad row of a bulk CSV by line and register none of them', async () => {
    const csv = [
      'name,kind,regionCode,tags,id',
      '一号喇叭,speaker,510811100201,村村通,bulk-bad-01',
      '二号喇叭,radio,510811100201,,bulk-bad-02',
      '三号喇叭,speaker,510811199999,,bulk-bad-03',
      '四号喇叭,speaker,510811100201,,life-spk-02',
    ].join('\n');
    const r = await operator.request('POST', '/api/devices/bulk', csv, { 'content-type': 'text/csv' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('DEVICE_CSV_INVALID');
    expect(r.body.details.problems).toEqual([
      { line: 3, reason: expect.stringContaining('设备类型“radio”无效') },
      { line: 4, reason: '区划代码 510811199999 不存在，请先导入行政区划' },
      { line: 5, reason: '设备编号 life-spk-02 已存在' },
    ]);
    expect((await operator.get('/api/devices/bulk-bad-01')).status).toBe(404);

    const dry = await operator.post('/api/devices/bulk?dryRun=true', { csv });
    expect(dry.status).toBe(201);
    expect(dry.body).toMatchObject({ ok: false, problems: expect.arrayContaining([expect.objectContaining({ line: 3 })]) });
  });

  it('should give each bulk-registered device its own token whatever the order of the ids', async () => {
    // Ids out of sort order (and generated ones, which are random): the token shown for a row must open that row's device.
    const ids = ['bulk-ord-10', 'bulk-ord-2', 'bulk-ord-1', 'bulk-ord-30', 'bulk-ord-3', '', '', ''];
    const rows = ids.map((id, i) => `${i + 1}号顺序喇叭,speaker,${i % 2 ? VILLAGE : OTHER_VILLAGE},,${id}`);
    const csv = ['name,kind,regionCode,tags,id', ...rows].join('\r\n');
    const r = await operator.request('POST', '/api/devices/bulk', csv, { 'content-type': 'text/csv' });
    expect(r.status).toBe(201);
    const lines = String(r.body).replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((l) => l.split(','));
    expect(lines).toHaveLength(ids.length);
    // Rows come back in the order they were sent, each with its own name.
    expect(lines.map((f) => f[1])).toEqual(ids.map((_, i) => `${i + 1}号顺序喇叭`));
    expect(lines.slice(0, 5).map((f) => f[0])).toEqual(ids.slice(0, 5));
    for (const [id, , , , token] of lines) expect([id, await brokerAnswer(server.mqttUrl, id, token)]).toEqual([id, 'accepted']);
  });

  it('should register 20 devices from a good CSV and return their tokens once as a CSV download', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${i + 1}号村村通喇叭,speaker,${i % 2 ? VILLAGE : OTHER_VILLAGE},村村通;新装,bulk-spk-${String(i + 1).padStart(2, '0')},,22:00-06:00,,60`);
    const csv = ['name,kind,regionCode,tags,id,profile,quietHours,openingHours,defaultVolume', ...rows].join('\r\n');
    const res = await fetch(`${server.url}/api/devices/bulk`, { method: 'POST', body: csv, headers: { authorization: `Bearer ${operator.token}`, 'content-type': 'text/csv' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="device-tokens.csv"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('id,name,kind,regionCode,token');
    expect(lines).toHaveLength(21);
    const tokens = new Map(lines.slice(1).map((l) => l.split(',')).map((f) => [f[0], f[4]]));
    expect(tokens.size).toBe(20);

    const listed = (await operator.get('/api/devices')).body as Array<{ id: string; tags: string[]; defaultVolume: number }>;
    const bulk = listed.filter((d) => d.id.startsWith('bulk-spk-'));
    expect(bulk).toHaveLength(20);
    expect(bulk[0]).toMatchObject({ tags: ['村村通', '新装'], defaultVolume: 60 });
    // A bulk-registered device gets its default volume as a signed command once it listens for commands.
    const device = await connectDevice('bulk-spk-07', tokens.get('bulk-spk-07')!);
    const command = new Promise<{ payload: { command: { type: string; volume: number } } }>((resolve) =>
      device.on('message', (_topic, payload) => resolve(JSON.parse(payload.toString()))),
    );
    await device.subscribeAsync('sunshine/v1/devices/bulk-spk-07/command', { qos: 1 });
    expect((await command).payload.command).toEqual({ type: 'set-volume', volume: 60 });

    // Sent again, every row is now taken: all reported, nothing changes.
    const again = await operator.request('POST', '/api/devices/bulk', csv, { 'content-type': 'text/csv' });
    expect(again.status).toBe(400);
    expect(again.body.details.problems).toHaveLength(20);
  });
});
