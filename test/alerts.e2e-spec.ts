/**
 * Emergency broadcasts end to end with real parts: the built server (SQLite, espeak-ng + ffmpeg; once with the
 * embedded broker, once with a private Mosquitto 2 whose dynamic-security accounts the server provisions)
 * and 20 real agents as child processes (null backend: plays nothing but takes each file's duration) across three
 * towns of the demo county. The demo county's own devices are registered but not running: they are the targeted
 * devices that never answer.
 */
import { topics, type AlertPayload, type Envelope } from '@sunshine/playlists';
import mqtt, { type MqttClient } from 'mqtt';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Api } from './support/api-client';
import { describeEachBroker, type RunningMosquitto } from './support/mosquitto';
import { AGENT_MAIN, RunningServer, startServer, stopProcess, tempDir, waitFor } from './support/server-process';
import { schemaErrors } from './support/schemas';

jest.setTimeout(150_000);

const TOWN_A = '510811100000'; // 青石镇: the first alert's target
const TOWN_B = '510811101000'; // 白鹤镇: cancel mid-play, replayed envelopes
const TOWN_C = '510811102000'; // 紫云镇: expiry and reconnect
const VILLAGE_C1 = '510811102201';
const VILLAGE_C2 = '510811102202';
/** Quiet hours that always cover "now": only an emergency may sound on these devices. */
const ALWAYS_QUIET = [{ from: '00:00', until: '23:59' }];

interface E2eDevice {
  id: string;
  token: string;
  regionCode: string;
  town: string;
  quietHours?: Array<{ from: string; until: string }>;
  dataDir: string;
}

interface AlertDetail {
  id: string;
  status: string;
  targetedDevices: number;
  deliveries: {
    total: number;
    byState: Record<string, number>;
    byRegion: Array<{ regionCode: string; total: number }>;
    unanswered: Array<{ deviceId: string; regionCode: string }>;
  };
}

describeEachBroker('emergency broadcast: seconds from the duty officer to every loudspeaker of a town', (variant) => {
  let server: RunningServer;
  let broker: RunningMosquitto | null = null;
  let operator: Api;
  let duty: Api;
  let keyFile: string;
  const devices: E2eDevice[] = [];
  const agents = new Map<string, { proc: ChildProcess; output: string }>();
  /** The town B alert as the broker carried it, replayed by the next test. */
  let lastTownBAlert: Envelope<AlertPayload> | null = null;
  const byTown = (town: string): E2eDevice[] => devices.filter((d) => d.town === town);

  beforeAll(async () => {
    broker = await variant.start();
    server = await startServer({ broker });
    operator = await Api.login(server.url, 'operator');
    duty = await Api.login(server.url, 'duty');
    const key = await new Api(server.url).get('/api/keys/playlist');
    keyFile = path.join(tempDir('key'), 'playlist.pem');
    fs.writeFileSync(keyFile, key.body.publicKeyPem);

    // Town A mixes quiet hours: none (the notice airs at any hour), the loudspeaker default (22:00–06:00), always quiet.
    const plan: Array<Omit<E2eDevice, 'id' | 'token' | 'dataDir'> & { name: string }> = [
      ...['510811100001', '510811100201', '510811100202'].map((regionCode) => ({ name: 'a', regionCode, town: TOWN_A, quietHours: [] })),
      ...['510811100001', '510811100201', '510811100202'].map((regionCode) => ({ name: 'a', regionCode, town: TOWN_A })),
      ...['510811100201', '510811100202'].map((regionCode) => ({ name: 'a', regionCode, town: TOWN_A, quietHours: ALWAYS_QUIET })),
      ...['510811101001', '510811101201', '510811101202', '510811101001', '510811101201', '510811101202'].map((regionCode) => ({ name: 'b', regionCode, town: TOWN_B })),
      ...[VILLAGE_C1, VILLAGE_C1, VILLAGE_C1, VILLAGE_C2, VILLAGE_C2, VILLAGE_C2].map((regionCode) => ({ name: 'c', regionCode, town: TOWN_C })),
    ];
    const counters: Record<string, number> = {};
    for (const p of plan) {
      const id = `e2e-${p.name}-${(counters[p.name] = (counters[p.name] ?? 0) + 1)}`;
      const r = await operator.post('/api/devices', { id, name: `应急测试喇叭 ${id}`, kind: 'speaker', regionCode: p.regionCode, ...(p.quietHours ? { quietHours: p.quietHours } : {}) });
      expect(r.status).toBe(201);
      devices.push({ id, token: r.body.token, regionCode: p.regionCode, town: p.town, quietHours: p.quietHours, dataDir: tempDir(`agent-${id}`) });
    }
    expect(devices).toHaveLength(20);
    devices.forEach(startAgent);
    // Online with its playlist applied, hence subscribed to the alert topics of its region chain.
    await waitFor(async () => {
      const list = (await operator.get('/api/devices')).body as Array<{ id: string; online: boolean; state: { playlistVersion?: string | null } | null }>;
      const ready = list.filter((d) => d.id.startsWith('e2e-') && d.online && d.state?.playlistVersion);
      return ready.length === 20 ? ready : null;
    }, 40_000, () => `agents not ready:\n${outputs()}`);
  });

  afterAll(async () => {
    await Promise.all([...agents.values()].map((a) => stopProcess(a.proc)));
    await server?.stop();
    await broker?.stop();
  });

  function startAgent(d: E2eDevice): void {
    const proc = spawn(
      process.execPath,
      [AGENT_MAIN, '--server', server.url, '--mqtt', server.mqttUrl, '--device-id', d.id, '--token', d.token, '--public-key-file', keyFile, '--data-dir', d.dataDir, '--backend', 'null'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const agent = { proc, output: '' };
    proc.stdout!.on('data', (b: Buffer) => (agent.output += b.toString()));
    proc.stderr!.on('data', (b: Buffer) => (agent.output += b.toString()));
    agents.set(d.id, agent);
  }

  const outputs = (): string => [...agents.entries()].map(([id, a]) => `--- ${id}\n${a.output.slice(-3000)}`).join('\n') + `\n--- server\n${server.output().slice(-5000)}`;
  const logLines = (deviceId: string): Array<Record<string, unknown>> =>
    agents.get(deviceId)!.output.split('\n').flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  const detail = async (id: string): Promise<AlertDetail> => (await duty.get(`/api/alerts/${id}`)).body as AlertDetail;

  async function sendAlert(body: Record<string, unknown>): Promise<{ id: string; targetedDevices: number; publishLatencyMs: number }> {
    const r = await duty.post('/api/alerts', body);
    expect(r.status).toBe(201);
    return r.body;
  }

  /** Waits until every listed device's stored state is one of `wanted`. */
  async function waitForStates(alertId: string, deviceIds: string[], wanted: string[], timeoutMs: number): Promise<Map<string, string>> {
    return waitFor(async () => {
      const perDevice = await deviceStates(alertId);
      return deviceIds.every((id) => wanted.includes(perDevice.get(id) ?? 'missing')) ? perDevice : null;
    }, timeoutMs, () => `devices did not reach ${wanted.join('/')}:\n${outputs()}`);
  }

  /** Each targeted device's state as the server stored it from the agents' acks. */
  async function deviceStates(alertId: string): Promise<Map<string, string>> {
    const d = (await duty.get(`/api/alerts/${alertId}/devices`)).body as Array<{ deviceId: string; state: string }>;
    return new Map(d.map((r) => [r.deviceId, r.state]));
  }

  it('should pre-empt the notice on exactly one town, play tone and speech twice ignoring quiet hours, and collect every ack', async () => {
    const editor = await Api.login(server.url, 'editor');
    const reviewer = await Api.login(server.url, 'reviewer');
    const townA = byTown(TOWN_A);
    const created = await editor.post('/api/contents', {
      title: '关于做好冬季森林防火工作的通知',
      body: '各村民小组、各位村民：进入冬季以来，我镇天干物燥，森林火险等级持续偏高。严禁在林区及林缘地带野外用火，严禁烧荒、烧秸秆、上坟烧纸、燃放烟花爆竹。发现火情请立即拨打森林防火电话，并向村委会报告。让我们共同守护绿水青山。',
      department: '青石镇人民政府',
    });
    expect(created.status).toBe(201);
    const contentId: string = created.body.id;
    expect((await editor.post(`/api/contents/${contentId}/submit`)).status).toBe(200);
    expect((await reviewer.post(`/api/contents/${contentId}/approve`, {})).status).toBe(200);
    await waitFor(async () => {
      const r = await editor.get(`/api/revisions/${created.body.latest.id}/renditions`);
      return (r.body as Array<{ status: string }>).some((x) => x.status === 'done') ? true : null;
    }, 60_000, () => `notice not rendered:\n${server.output()}`);
    expect((await editor.post('/api/schedules', { contentId, targets: { deviceIds: townA.map((d) => d.id) }, now: true })).status).toBe(201);

    // Devices without quiet hours air the notice whatever the hour.
    const noQuiet = townA.filter((d) => d.quietHours?.length === 0);
    await waitFor(async () => {
      const list = (await operator.get('/api/devices')).body as Array<{ id: string; state: { nowPlaying?: { contentId: string } | null } | null }>;
      const playing = list.filter((d) => noQuiet.some((n) => n.id === d.id) && d.state?.nowPlaying?.contentId === contentId);
      return playing.length === noQuiet.length ? true : null;
    }, 30_000, () => `notice not playing:\n${outputs()}`);

    const alert = await sendAlert({ text: '山洪预警。请沿河群众立即转移。', title: '山洪预警', regionCodes: [TOWN_A], level: 1, repeat: 2 });
    // The API reports how long accept → publish took; its speed is bench:alert's business, not this test's.
    expect(alert.publishLatencyMs).toBeGreaterThanOrEqual(0);

    await waitForStates(alert.id, townA.map((d) => d.id), ['success'], 60_000);
    const done = await detail(alert.id);

    // Exactly town A: its 8 agents answered success (quiet hours or not); its demo devices (registered, not running)
    // are the only ones silent; no device of another town was targeted or heard it.
    const inTownA = ((await operator.get(`/api/devices?region=${TOWN_A}`)).body as Array<{ id: string }>).map((d) => d.id);
    expect(alert.targetedDevices).toBe(inTownA.length);
    expect(done.deliveries.byRegion).toEqual([expect.objectContaining({ regionCode: TOWN_A, total: inTownA.length })]);
    expect(done.deliveries.byState).toMatchObject({ success: townA.length, waiting: inTownA.length - townA.length });
    expect(done.deliveries.unanswered.map((u) => u.deviceId).sort()).toEqual(inTownA.filter((id) => !id.startsWith('e2e-')).sort());
    for (const d of [...byTown(TOWN_B), ...byTown(TOWN_C)]) expect(logLines(d.id).some((l) => l.msg === '收到应急广播')).toBe(false);

    for (const d of townA) {
      const parts = logLines(d.id).filter((l) => l.msg === '播放应急广播片段' && l.alertId === alert.id).map((l) => `${String(l.part)}${String(l.round)}`);
      expect({ device: d.id, parts }).toEqual({ device: d.id, parts: ['tone1', 'speech1', 'tone2', 'speech2'] });
    }

    // The notice was cut short and journalled as such, on every device that was airing it.
    const logs = await waitFor(async () => {
      const r = (await operator.get(`/api/playlogs?contentId=${contentId}`)).body as Array<{ deviceId: string; outcome: string; reason?: string }>;
      const interrupted = r.filter((l) => l.outcome === 'interrupted' && l.reason === 'preempted-by-alert');
      return noQuiet.every((n) => interrupted.some((l) => l.deviceId === n.id)) ? interrupted : null;
    }, 20_000, () => `interrupted play logs missing:\n${outputs()}`);
    expect(logs.length).toBeGreaterThanOrEqual(noQuiet.length);

    const audit = (await duty.get(`/api/alerts/${alert.id}/audit`)).body as Array<{ action: string; actorName: string; source: string; regionCodes: string[] }>;
    expect(audit).toEqual([expect.objectContaining({ action: 'sent', actorName: 'duty', source: 'api', regionCodes: [TOWN_A] })]);
  });

  it('should stop the alert on every device of the town and report cancelled when cancelled mid-play', async () => {
    const townB = byTown(TOWN_B);
    const captured = await captureAlerts(TOWN_B);
    const alert = await sendAlert({ text: '危险化学品运输车辆泄漏，请白鹤镇群众关闭门窗，不要外出。', regionCodes: [TOWN_B], level: 2, repeat: 3 });
    await waitFor(async () => (townB.every((d) => logLines(d.id).some((l) => l.msg === '开始播放应急广播' && l.alertId === alert.id)) ? true : null), 20_000, () => `town B not playing:\n${outputs()}`);

    const cancelled = await duty.post(`/api/alerts/${alert.id}/cancel`, { reason: '泄漏已处置' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const done = await waitFor(async () => {
      const d = await detail(alert.id);
      return d.deliveries.byState.cancelled === townB.length ? d : null;
    }, 20_000, () => `cancel acks missing:\n${outputs()}`);
    expect(done.deliveries.byState.success).toBe(0);
    for (const d of townB) {
      expect(logLines(d.id).find((l) => l.msg === '应急广播已撤销' && l.alertId === alert.id)).toMatchObject({ wasPlaying: true });
      // Stopped in its first round: a second tone never started.
      expect(logLines(d.id).filter((l) => l.msg === '播放应急广播片段' && l.alertId === alert.id && l.round === 3)).toEqual([]);
    }
    const audit = (await duty.get(`/api/alerts/${alert.id}/audit`)).body as Array<{ action: string; detail: string | null }>;
    expect(audit.map((a) => a.action)).toEqual(['sent', 'cancelled']);
    expect(audit[1].detail).toBe('泄漏已处置');

    // What the broker carried: the alert (retained), its cancel with a higher seq, then the cleared retained copy.
    const onTopic = await captured.stop();
    const envelopes = onTopic.filter((m) => m.payload.length > 0).map((m) => JSON.parse(m.payload.toString()) as Envelope<AlertPayload>);
    expect(envelopes.map((e) => e.payload.status)).toEqual(['active', 'cancelled']);
    for (const e of envelopes) expect(schemaErrors('alert', e)).toBeNull();
    expect(envelopes[1].payload.seq).toBeGreaterThan(envelopes[0].payload.seq);
    expect(onTopic.at(-1)?.payload.length).toBe(0);
    lastTownBAlert = envelopes[0];
  });

  it('should reject a replayed or tampered alert envelope published straight to the broker, and say so in error events', async () => {
    const townB = byTown(TOWN_B);
    const replayed = lastTownBAlert!;
    const tampered: Envelope<AlertPayload> = { ...replayed, payload: { ...replayed.payload, alertId: 'forged', text: '假消息：请立即撤离', seq: replayed.payload.seq + 10_000_000 } };
    const unsigned = { payload: { ...tampered.payload, alertId: 'unsigned' } };
    const client = await serverClient();
    try {
      for (const message of [replayed, tampered, unsigned]) await client.publishAsync(topics.alert(TOWN_B), JSON.stringify(message), { qos: 1 });
    } finally {
      await client.endAsync();
    }
    await waitFor(async () => {
      const out = server.output();
      return townB.every((d) => ['replay', 'bad-signature', 'malformed'].every((code) => out.includes(`设备 ${d.id} 报告错误 ${code}`))) ? true : null;
    }, 20_000, () => `error events missing:\n${outputs()}`);
    for (const d of townB) {
      const received = logLines(d.id).filter((l) => l.msg === '收到应急广播').map((l) => l.alertId);
      expect(received).toEqual([replayed.payload.alertId]);
    }
  });

  it('should never play an alert that expired while a device was offline, and play one still valid when it reconnects', async () => {
    const [offlineC1] = devices.filter((d) => d.regionCode === VILLAGE_C1);
    const [offlineC2] = devices.filter((d) => d.regionCode === VILLAGE_C2);
    await Promise.all([offlineC1, offlineC2].map((d) => stopProcess(agents.get(d.id)!.proc)));
    await waitFor(async () => {
      const list = (await operator.get('/api/devices?status=offline')).body as Array<{ id: string }>;
      return [offlineC1, offlineC2].every((d) => list.some((x) => x.id === d.id)) ? true : null;
    }, 15_000, () => 'agents did not go offline');

    const shortLived = await sendAlert({ text: '地震预警演练结束前请勿外出。', regionCodes: [VILLAGE_C1], level: 3, repeat: 1, expiresAt: new Date(Date.now() + 6_000).toISOString() });
    const lasting = await sendAlert({ text: '紫云镇新华村停水通知：今晚八点至十点检修。', regionCodes: [VILLAGE_C2], level: 4, repeat: 1 });
    await waitFor(async () => ((await detail(shortLived.id)).status === 'expired' ? true : null), 20_000, () => `alert did not expire:\n${server.output()}`);

    [offlineC1, offlineC2].forEach(startAgent);
    await waitForStates(lasting.id, [offlineC2.id], ['success'], 40_000);
    // By now the other reconnected agent has long had its chance: it logged the expired alert and never aired it.
    const c1 = logLines(offlineC1.id);
    expect(c1.some((l) => l.msg === '收到应急广播')).toBe(false);
    // The broker kept the QoS 1 message for the persistent session and delivered it on reconnect; the agent refused it.
    expect(c1.filter((l) => l.msg === '应急广播已过期，不播放').length).toBeGreaterThanOrEqual(1);
    const short = await deviceStates(shortLived.id);
    expect(short.get(offlineC1.id)).toBe('waiting');
    const online = devices.filter((d) => d.regionCode === VILLAGE_C1 && d !== offlineC1).map((d) => short.get(d.id));
    expect(online).toEqual(['success', 'success']);
  });

  it('should hold a level-3 CAP alert until a duty officer confirms it, then air it, and end it on a CAP Cancel', async () => {
    const villageC2 = devices.filter((d) => d.regionCode === VILLAGE_C2);
    const sent = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const expires = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const xml = (identifier: string, msgType: 'Alert' | 'Cancel', references = ''): string => `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${identifier}</identifier><sender>qxt@qifeng.weather.example.cn</sender><sent>${sent}</sent>
  <status>Actual</status><msgType>${msgType}</msgType><scope>Public</scope>${references ? `<references>${references}</references>` : ''}
  <info>
    <language>zh-CN</language><category>Met</category><event>大风</event>
    <urgency>Expected</urgency><severity>Moderate</severity><certainty>Likely</certainty><expires>${expires}</expires>
    <headline>紫云镇大风蓝色预警</headline><description>新华村今晚有七级大风。</description><instruction>请收好晾晒物品。</instruction>
    <area><areaDesc>紫云镇新华村</areaDesc><geocode><valueName>统计用区划代码</valueName><value>${VILLAGE_C2}</value></geocode></area>
  </info>
</alert>`;
    const postCap = (body: string) => duty.request('POST', '/api/alerts/cap', body, { 'content-type': 'application/xml' });

    const held = await postCap(xml('E2E-WIND-1', 'Alert'));
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ outcome: 'pending-confirmation', alert: { status: 'pending-confirmation', level: 3, regionCodes: [VILLAGE_C2], targetedDevices: 0 } });
    const id: string = held.body.alert.id;
    expect((await detail(id)).deliveries.total).toBe(0);

    const confirmed = await duty.post(`/api/alerts/${id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('active');
    await waitForStates(id, villageC2.map((d) => d.id), ['success'], 40_000);

    const cancel = await postCap(xml('E2E-WIND-1-CANCEL', 'Cancel', `qxt@qifeng.weather.example.cn,E2E-WIND-1,${sent}`));
    expect(cancel.body).toMatchObject({ outcome: 'cancelled', referenced: [id] });
    const audit = (await duty.get(`/api/alerts/${id}/audit`)).body as Array<{ action: string; source: string; actorName: string; capSender: string | null }>;
    expect(audit.map((a) => [a.action, a.source, a.capSender])).toEqual([
      ['held', 'cap', 'qxt@qifeng.weather.example.cn'],
      ['confirmed', 'api', null],
      ['cancelled', 'cap', 'qxt@qifeng.weather.example.cn'],
    ]);
    expect(audit.every((a) => a.actorName === 'duty')).toBe(true);
  });

  /** A client with the server's own broker credentials, as an insider (or a stolen secret) could use. */
  async function serverClient(): Promise<MqttClient> {
    const password = fs.readFileSync(path.join(server.dataDir, 'secrets', 'mqtt-server.secret'), 'utf8').trim();
    return mqtt.connectAsync(server.mqttUrl, { clientId: `e2e-intruder-${process.pid}`, username: 'sunshine-server', password, clean: true, reconnectPeriod: 0 });
  }

  async function captureAlerts(regionCode: string): Promise<{ stop: () => Promise<Array<{ payload: Buffer; retain: boolean }>> }> {
    const client = await serverClient();
    const seen: Array<{ payload: Buffer; retain: boolean }> = [];
    client.on('message', (_topic, payload, packet) => seen.push({ payload, retain: packet.retain }));
    await client.subscribeAsync(topics.alert(regionCode), { qos: 1 });
    return {
      stop: async () => {
        await waitFor(async () => (seen.length >= 3 ? true : null), 10_000, () => `captured ${seen.length} alert messages`);
        await client.endAsync();
        return seen;
      },
    };
  }
});
