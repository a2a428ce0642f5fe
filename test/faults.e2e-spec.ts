/**
 * Integrity under faults and odd input (issue #12), with the built server: an unsatisfiable media Range, a schedule
 * without targets, and an alert still in force after a server restart (the embedded broker forgets retained
 * messages, so the server must put the alert back for a speaker that reconnects afterwards).
 */
import { topics, type AlertPayload, type Envelope } from '@sunshine/playlists';
import mqtt from 'mqtt';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Api } from './support/api-client';
import { RunningServer, startServer, waitFor } from './support/server-process';

jest.setTimeout(120_000);

const TOWN = '510811100000';

describe('faults: odd input and a restart do not lose or break anything', () => {
  let server: RunningServer;
  let duty: Api;
  let operator: Api;
  let alert: { id: string; media: { speech: { url: string; sha256: string; size: number } } };

  beforeAll(async () => {
    server = await startServer();
    duty = await Api.login(server.url, 'duty');
    operator = await Api.login(server.url, 'operator');
    const r = await duty.post('/api/alerts', { text: '山洪预警。请沿河群众立即转移。', title: '重启测试预警', regionCodes: [TOWN], level: 1, repeat: 1 });
    expect(r.status).toBe(201);
    alert = r.body;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('answers an unsatisfiable Range with 416 and the file size, not 500', async () => {
    const media = alert.media.speech;
    const file = `${media.sha256}.${media.url.split('.').pop()}`;
    const res = await fetch(`${server.url}/media/${file}`, { headers: { range: `bytes=${media.size}-` } });
    await res.arrayBuffer();
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${media.size}`);
    // A satisfiable one still works.
    const part = await fetch(`${server.url}/media/${file}`, { headers: { range: 'bytes=0-9' } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(10);
  });

  it('answers a schedule without targets with 400, a stable code and a Chinese message', async () => {
    const r = await operator.post('/api/schedules', { contentId: '00000000-0000-4000-8000-000000000000', now: true });
    expect(r.status).toBe(400);
    expect(typeof r.body.code).toBe('string');
    expect(r.body.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('airs or holds one alert when the same CAP message arrives twice at once', async () => {
    const sent = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const expires = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>FAULTS-RACE-1</identifier><sender>qxt@qifeng.weather.example.cn</sender><sent>${sent}</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info>
    <language>zh-CN</language><category>Met</category><event>大风</event>
    <urgency>Expected</urgency><severity>Moderate</severity><certainty>Likely</certainty><expires>${expires}</expires>
    <headline>大风蓝色预警</headline><description>今晚有七级大风。</description><instruction>请收好晾晒物品。</instruction>
    <area><areaDesc>青石镇</areaDesc><geocode><valueName>统计用区划代码</valueName><value>${TOWN}</value></geocode></area>
  </info>
</alert>`;
    const post = () => duty.request('POST', '/api/alerts/cap', xml, { 'content-type': 'application/xml' });
    const answers = await Promise.all([post(), post(), post()]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.body.outcome === 'duplicate')).toHaveLength(2);
    const ids = new Set(answers.map((a) => a.body.alert.id));
    expect(ids.size).toBe(1);
    const list = (await duty.get('/api/alerts')).body as Array<{ cap: { identifier: string } | null }> | { items: Array<{ cap: { identifier: string } | null }> };
    const items = Array.isArray(list) ? list : list.items;
    expect(items.filter((a) => a.cap?.identifier === 'FAULTS-RACE-1')).toHaveLength(1);
  });

  /** The retained alert a speaker connecting now is handed for the town's topic. */
  async function retainedAlert(): Promise<{ envelope: Envelope<AlertPayload>; retain: boolean }> {
    const password = fs.readFileSync(path.join(server.dataDir, 'secrets', 'mqtt-server.secret'), 'utf8').trim();
    const client = await mqtt.connectAsync(server.mqttUrl, { clientId: `e2e-late-${process.pid}`, username: 'sunshine-server', password, clean: true, reconnectPeriod: 0 });
    try {
      const seen: Array<{ envelope: Envelope<AlertPayload>; retain: boolean }> = [];
      client.on('message', (_t, payload, packet) => {
        if (payload.length > 0) seen.push({ envelope: JSON.parse(payload.toString()) as Envelope<AlertPayload>, retain: packet.retain });
      });
      await client.subscribeAsync(topics.alert(TOWN), { qos: 1 });
      return await waitFor(async () => seen[0] ?? null, 10_000, () => `no retained alert:\n${server.output().slice(-3000)}`);
    } finally {
      await client.endAsync();
    }
  }

  let seqBeforeClockStep = 0;

  it('puts an alert still in force back on the embedded broker after a restart', async () => {
    await server.stop();
    server = await startServer({ httpPort: server.httpPort, mqttPort: server.mqttPort, dataDir: server.dataDir });
    // A speaker connecting after the restart is handed the retained alert on subscribe.
    const got = await retainedAlert();
    expect(got.retain).toBe(true);
    expect(got.envelope.payload.alertId).toBe(alert.id);
    expect(got.envelope.payload.status).toBe('active');
    seqBeforeClockStep = got.envelope.payload.seq;
  });

  it('keeps envelope seq growing when the server clock is stepped back across a restart', async () => {
    expect(seqBeforeClockStep).toBeGreaterThan(0);
    await server.stop();
    // An hour back (an NTP correction, a replaced RTC battery): agents keep the last seq per topic.
    server = await startServer({ httpPort: server.httpPort, mqttPort: server.mqttPort, dataDir: server.dataDir, env: { CLOCK_OFFSET_MS: String(-3_600_000) } });
    const got = await retainedAlert();
    expect(got.envelope.payload.alertId).toBe(alert.id);
    expect(got.envelope.payload.seq).toBeGreaterThan(seqBeforeClockStep);
  });
});
