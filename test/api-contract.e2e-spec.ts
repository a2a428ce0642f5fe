/**
 * The public contract against the real built server: errors are JSON `{ code, message }` with Chinese messages,
 * roles and review rules hold, media is served by hash with Range and a strong ETag, the embedded broker
 * authenticates devices and confines them to their topics, and bad device payloads never hurt the server.
 */
import { createFfmpegRunner } from '@sunshine/media';
import { keyIdOf, loadPublicKey, verifyEnvelope } from '@sunshine/playlists';
import * as fs from 'node:fs';
import * as path from 'node:path';
import mqtt, { MqttClient } from 'mqtt';
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import { Api } from './support/api-client';
import { freePort, RunningServer, SERVER_MAIN, startServer, tempDir, waitFor } from './support/server-process';

jest.setTimeout(120_000);

const VILLAGE = '510811100201';
const OTHER_VILLAGE = '510811101201';
const CHINESE = /[\u4e00-\u9fff]/;

describe('API and broker contract', () => {
  let server: RunningServer;
  let editor: Api;
  let reviewer: Api;
  let operator: Api;
  let admin: Api;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    server = await startServer();
    [editor, reviewer, operator, admin] = await Promise.all(['editor', 'reviewer', 'operator', 'admin'].map((u) => Api.login(server.url, u)));
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await server?.stop();
  });

  const notice = { title: '测试通知', body: '请各村做好冬季防火工作。', department: '栖凤区应急管理局' };

  async function approvedContent(): Promise<{ id: string; revisionId: string }> {
    const c = await editor.post('/api/contents', notice);
    expect(c.status).toBe(201);
    const s = await editor.post(`/api/contents/${c.body.id}/submit`);
    expect(s.body).toMatchObject({ status: 'submitted' });
    const a = await reviewer.post(`/api/contents/${c.body.id}/approve`);
    expect(a.body).toMatchObject({ status: 'approved' });
    return { id: c.body.id, revisionId: c.body.latest.id };
  }

  describe('bad input', () => {
    it('should answer 400 MALFORMED_JSON when the body is not JSON', async () => {
      const r = await editor.request('POST', '/api/contents', '{"title": "缺引号}');
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('MALFORMED_JSON');
      expect(r.body.message).toMatch(CHINESE);
    });

    it('should answer 400 naming the field when an unknown field is sent', async () => {
      const r = await editor.post('/api/contents', { ...notice, colour: 'red' });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('VALIDATION_FAILED');
      expect(r.body.message).toContain('colour');
    });

    it('should answer 400 naming the field when a required field is missing', async () => {
      const r = await editor.post('/api/contents', { title: '无正文' , department: '办公室' });
      expect(r.status).toBe(400);
      expect(r.body.message).toContain('body');
      expect(r.body.message).toMatch(CHINESE);
    });

    it('should answer 400 when the body is longer than 5,000 characters', async () => {
      const r = await editor.post('/api/contents', { ...notice, body: '字'.repeat(5001) });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('VALIDATION_FAILED');
    });

    it('should accept a body of exactly 5,000 characters', async () => {
      const r = await editor.post('/api/contents', { ...notice, body: '字'.repeat(5000) });
      expect(r.status).toBe(201);
    });

    it('should store a policy interpretation as question-and-answer pairs with its interpreter', async () => {
      const qa = [{ q: '哪些人可以申请耕地地力保护补贴？', a: '拥有承包地经营权并实际种植的农户。' }, { q: '补贴标准是多少？', a: '每亩108.6元。' }];
      const r = await editor.post('/api/contents', { kind: 'interpretation', title: '耕地地力保护补贴政策解读', department: '栖凤区农业农村局', interpreter: '李国华', qa });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ kind: 'interpretation', latest: { qa, interpreter: '李国华', questionVoice: 'espeak:cmn', answerVoice: 'espeak:cmn' } });
      expect(r.body.latest.body).toContain('问：补贴标准是多少？');
    });

    it('should answer 400 when an interpretation has no interpreter or a notice carries Q&A', async () => {
      const qa = [{ q: '问题？', a: '回答。' }];
      const noInterpreter = await editor.post('/api/contents', { kind: 'interpretation', title: '解读', department: '办公室', qa });
      expect(noInterpreter.status).toBe(400);
      expect(noInterpreter.body.message).toContain('解读人');
      const noticeWithQa = await editor.post('/api/contents', { ...notice, qa, interpreter: '某人' });
      expect(noticeWithQa.status).toBe(400);
    });

    it('should answer 404 REGION_NOT_FOUND when a device names an unknown region', async () => {
      const r = await operator.post('/api/devices', { name: '无效喇叭', kind: 'speaker', regionCode: '999999999999' });
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('REGION_NOT_FOUND');
      expect(r.body.message).toContain('999999999999');
    });

    it('should answer 409 CONTENT_NOT_APPROVED when an unapproved content is scheduled', async () => {
      const c = await editor.post('/api/contents', notice);
      const r = await editor.post('/api/schedules', { contentId: c.body.id, targets: { regionCodes: [VILLAGE] }, now: true });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('CONTENT_NOT_APPROVED');
      expect(r.body.message).toMatch(CHINESE);
    });

    it('should answer 404 when a schedule targets an unknown region', async () => {
      const c = await approvedContent();
      const r = await editor.post('/api/schedules', { contentId: c.id, targets: { regionCodes: ['510899999000'] }, now: true });
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('REGION_NOT_FOUND');
    });

    it('should answer 400 NO_TARGETS when a schedule has no target', async () => {
      const c = await approvedContent();
      const r = await editor.post('/api/schedules', { contentId: c.id, targets: {}, now: true });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('NO_TARGETS');
    });

    it('should report a quiet-hours conflict when a timed item falls in a device quiet hours', async () => {
      const c = await approvedContent();
      const quiet = [{ from: '00:00', until: '12:00' }, { from: '12:00', until: '00:00' }]; // all day
      const d = await operator.post('/api/devices', { id: 'quiet-spk-1', name: '静音喇叭', kind: 'speaker', regionCode: VILLAGE, quietHours: quiet });
      expect(d.status).toBe(201);
      await waitFor(async () => ((await editor.get(`/api/revisions/${c.revisionId}/renditions`)).body as any[]).find((x) => x.status === 'done') ?? null, 60_000, () => server.output());
      const r = await editor.post('/api/schedules', { contentId: c.id, targets: { deviceIds: ['quiet-spk-1'] }, now: true });
      expect(r.status).toBe(201);
      expect(r.body.conflicts).toEqual([expect.objectContaining({ kind: 'quiet-hours', deviceId: 'quiet-spk-1', message: expect.stringMatching(CHINESE) })]);
      const pl = await operator.get('/api/devices/quiet-spk-1/playlist');
      expect(pl.body.playlist.items).toEqual([]);
    });

    it('should answer 400 when a local time is malformed', async () => {
      const c = await approvedContent();
      const r = await editor.post('/api/schedules', { contentId: c.id, targets: { regionCodes: [VILLAGE] }, times: ['25:00'] });
      expect(r.status).toBe(400);
      expect(r.body.message).toContain('times');
    });
  });

  describe('scheduling', () => {
    async function renderedContent(): Promise<{ id: string; revisionId: string }> {
      const c = await approvedContent();
      await waitFor(async () => ((await editor.get(`/api/revisions/${c.revisionId}/renditions`)).body as any[]).find((x) => x.status === 'done') ?? null, 60_000, () => server.output());
      return c;
    }

    it('should materialise a weekday recurrence into the 7-day timeline when a preset is used', async () => {
      const c = await renderedContent();
      await operator.post('/api/devices', { id: 'rrule-spk-1', name: '定时喇叭', kind: 'speaker', regionCode: VILLAGE, quietHours: [] });
      const r = await editor.post('/api/schedules', { contentId: c.id, targets: { deviceIds: ['rrule-spk-1'] }, preset: 'weekdays-0700-1830', repeat: 2 });
      expect(r.status).toBe(201);
      expect(r.body.schedule.slots).toMatchObject({ mode: 'rrule' });
      const pl = await operator.get('/api/devices/rrule-spk-1/playlist');
      const items = pl.body.playlist.items as Array<{ startAt: string; repeat: number }>;
      // 5 weekdays × 2 slots in any 7-day horizon (±1 at the horizon edges).
      expect(items.length).toBeGreaterThanOrEqual(9);
      expect(items.length).toBeLessThanOrEqual(11);
      for (const it of items) {
        const local = new Date(Date.parse(it.startAt) + 8 * 3600_000);
        expect(['07:00', '18:30']).toContain(local.toISOString().slice(11, 16));
        expect([1, 2, 3, 4, 5]).toContain(local.getUTCDay());
        expect(it.repeat).toBe(2);
      }
    });

    it('should answer 400 INVALID_RECURRENCE when the rule would flood a loudspeaker', async () => {
      const c = await approvedContent();
      const r = await editor.post('/api/schedules', { contentId: c.id, targets: { regionCodes: [VILLAGE] }, rrule: 'FREQ=MINUTELY;INTERVAL=1' });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('INVALID_RECURRENCE');
      expect(r.body.message).toMatch(CHINESE);
    });

    it('should put a loop schedule in the loop set of a screen, with its video rendition, within opening hours', async () => {
      const c = await renderedContent();
      await operator.post('/api/devices', { id: 'loop-tv-1', name: '大厅电视', kind: 'tv', regionCode: '510811100000' });
      const r = await operator.post('/api/schedules', { contentId: c.id, targets: { kinds: ['tv'], regionCodes: [] }, loop: true });
      expect(r.status).toBe(201);
      expect(r.body.targetedDevices).toContain('loop-tv-1');
      const tv = await waitFor(async () => ((await editor.get(`/api/revisions/${c.revisionId}/renditions`)).body as any[]).find((x) => x.profile === 'hall-tv-1080p' && x.status === 'done') ?? null, 60_000, () => server.output());
      const pl = await waitFor(async () => {
        const p = await operator.get('/api/devices/loop-tv-1/playlist');
        return p.body.playlist.loop.length > 0 ? p.body : null;
      }, 20_000, () => server.output());
      expect(pl.playlist.openingHours).toEqual([{ from: '08:30', until: '17:30' }]);
      expect(pl.playlist.loop[0].media).toMatchObject({ sha256: tv.sha256, mime: 'video/mp4' });
      expect(pl.playlist.items).toEqual([]);
    });

    it('should let an editor preview a draft and follow the render over server-sent events', async () => {
      const c = await editor.post('/api/contents', { ...notice, title: '预览测试通知' });
      const jobs = await editor.post(`/api/contents/${c.body.id}/render`, { profiles: ['speaker'] });
      expect(jobs.status).toBe(201);
      const job = jobs.body[0];
      const res = await fetch(`${server.url}/api/renders/${job.id}/events`, { headers: { authorization: `Bearer ${editor.token}` } });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const text = await res.text(); // the stream ends when the job is done
      const events = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));
      expect(events[events.length - 1]).toMatchObject({ jobId: job.id, status: 'done', progress: 100 });
      const renditions = await editor.get(`/api/revisions/${c.body.latest.id}/renditions`);
      expect((renditions.body as any[]).map((x) => x.profile)).toContain('speaker');
    });

    it('should remove the items of a cancelled schedule from the device playlist', async () => {
      const c = await renderedContent();
      await operator.post('/api/devices', { id: 'cancel-spk-1', name: '取消测试喇叭', kind: 'speaker', regionCode: VILLAGE, quietHours: [] });
      const r = await editor.post('/api/schedules', { contentId: c.id, targets: { deviceIds: ['cancel-spk-1'] }, times: ['07:00', '12:00'] });
      const before = await operator.get('/api/devices/cancel-spk-1/playlist');
      expect(before.body.playlist.items.length).toBeGreaterThan(0);
      expect((await editor.post(`/api/schedules/${r.body.schedule.id}/cancel`)).status).toBe(200);
      const after = await operator.get('/api/devices/cancel-spk-1/playlist');
      expect(after.body.playlist.items).toEqual([]);
      expect(after.body.version).not.toBe(before.body.version);
    });

    it('should not republish an unchanged playlist when an unrelated device is scheduled', async () => {
      const c = await renderedContent();
      await operator.post('/api/devices', { id: 'stable-spk-1', name: '不变喇叭', kind: 'speaker', regionCode: OTHER_VILLAGE, quietHours: [] });
      await editor.post('/api/schedules', { contentId: c.id, targets: { deviceIds: ['stable-spk-1'] }, times: ['09:00'] });
      const before = await operator.get('/api/devices/stable-spk-1/playlist');
      await operator.post('/api/devices', { id: 'other-spk-9', name: '另一喇叭', kind: 'speaker', regionCode: VILLAGE, quietHours: [] });
      const r = await editor.post('/api/schedules', { contentId: c.id, targets: { deviceIds: ['other-spk-9'] }, times: ['10:00'] });
      expect(r.body.targetedDevices).toEqual(['other-spk-9']);
      const after = await operator.get('/api/devices/stable-spk-1/playlist');
      expect(after.body.envelope.payload.seq).toBe(before.body.envelope.payload.seq);
    });
  });

  describe('auth and review', () => {
    it('should answer 401 when no token is sent', async () => {
      const r = await new Api(server.url).get('/api/contents');
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('UNAUTHENTICATED');
    });

    it('should answer 401 INVALID_CREDENTIALS when the password is wrong', async () => {
      const r = await new Api(server.url).post('/api/auth/login', { username: 'editor', password: 'wrong' });
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('INVALID_CREDENTIALS');
    });

    it('should keep health public', async () => {
      const r = await new Api(server.url).get('/api/health');
      expect(r.body).toMatchObject({ status: 'ok', database: true, mqtt: true });
    });

    it('should serve the OpenAPI document', async () => {
      const r = await new Api(server.url).get('/api/docs-json');
      expect(r.status).toBe(200);
      expect(Object.keys(r.body.paths)).toEqual(expect.arrayContaining(['/api/contents', '/api/schedules', '/api/devices', '/api/playlogs']));
    });

    it('should answer 403 when an editor tries to approve', async () => {
      const c = await editor.post('/api/contents', notice);
      await editor.post(`/api/contents/${c.body.id}/submit`);
      const r = await editor.post(`/api/contents/${c.body.id}/approve`);
      expect(r.status).toBe(403);
      expect(r.body.message).toMatch(CHINESE);
    });

    it('should answer 403 SELF_APPROVAL_FORBIDDEN when the author approves their own revision', async () => {
      const c = await admin.post('/api/contents', notice);
      await admin.post(`/api/contents/${c.body.id}/submit`);
      const r = await admin.post(`/api/contents/${c.body.id}/approve`);
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('SELF_APPROVAL_FORBIDDEN');
    });

    it('should answer 409 when a draft is approved before it is submitted', async () => {
      const c = await editor.post('/api/contents', notice);
      const r = await reviewer.post(`/api/contents/${c.body.id}/approve`);
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('INVALID_STATE_TRANSITION');
    });

    it('should keep revisions immutable when a content is edited', async () => {
      const c = await approvedContent();
      const edited = await editor.post(`/api/contents/${c.id}/revisions`, { ...notice, body: '修改后的正文。' });
      expect(edited.status).toBe(201);
      const full = await editor.get(`/api/contents/${c.id}`);
      expect(full.body.revisions).toHaveLength(2);
      expect(full.body.revisions.find((r: any) => r.id === c.revisionId)).toMatchObject({ body: notice.body, reviewState: 'approved' });
      expect(full.body.approvedRevisionId).toBe(c.revisionId);
    });
  });

  describe('media', () => {
    it('should serve a rendition by sha256 with Range, a strong ETag and immutable caching', async () => {
      const c = await approvedContent();
      const rendition = await waitFor(async () => {
        const r = await editor.get(`/api/revisions/${c.revisionId}/renditions`);
        return (r.body as any[]).find((x) => x.status === 'done' && x.profile === 'speaker') ?? null;
      }, 60_000, () => server.output());
      const url = `${server.url}/media/${rendition.sha256}.mp3`;
      const full = await fetch(url);
      expect(full.status).toBe(200);
      expect(full.headers.get('etag')).toBe(`"${rendition.sha256}"`);
      expect(full.headers.get('cache-control')).toContain('immutable');
      expect(full.headers.get('content-type')).toBe('audio/mpeg');
      const partial = await fetch(url, { headers: { range: 'bytes=100-199' } });
      expect(partial.status).toBe(206);
      expect((await partial.arrayBuffer()).byteLength).toBe(100);
      expect(partial.headers.get('content-range')).toBe(`bytes 100-199/${rendition.size}`);
      // node:http, not fetch: fetch adds `cache-control: no-cache` to conditional requests, which forbids a 304.
      const cachedStatus = await new Promise<number | undefined>((resolve, reject) => {
        http.get(url, { headers: { 'if-none-match': `"${rendition.sha256}"` } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        }).on('error', reject);
      });
      expect(cachedStatus).toBe(304);
    });

    it('should accept an uploaded audio recording and refuse a file that is not audio', async () => {
      const dir = tempDir('rec');
      const wav = path.join(dir, 'yi.wav');
      await createFfmpegRunner().run(['-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-ac', '1', wav]);
      const form = new FormData();
      form.append('language', 'ii');
      form.append('file', new Blob([fs.readFileSync(wav)]), 'yi.wav');
      const ok = await fetch(`${server.url}/api/recordings`, { method: 'POST', body: form, headers: { authorization: `Bearer ${editor.token}` } });
      expect(ok.status).toBe(201);
      expect(await ok.json()).toMatchObject({ format: 'wav', language: 'ii', durationMs: expect.any(Number) });
      const bad = new FormData();
      bad.append('language', 'ii');
      bad.append('file', new Blob(['这不是音频文件']), 'notes.mp3');
      const refused = await fetch(`${server.url}/api/recordings`, { method: 'POST', body: bad, headers: { authorization: `Bearer ${editor.token}` } });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: 'RECORDING_NOT_AUDIO', message: expect.stringMatching(CHINESE) });
    });

    it('should answer 404 MEDIA_NOT_FOUND when the hash is unknown or the name is a traversal attempt', async () => {
      const r = await fetch(`${server.url}/media/${'0'.repeat(64)}.mp3`);
      expect(r.status).toBe(404);
      expect(((await r.json()) as { code: string }).code).toBe('MEDIA_NOT_FOUND');
      const t = await fetch(`${server.url}/media/..%2F..%2Fsunshine.sqlite`);
      expect(t.status).toBe(404);
    });
  });

  describe('broker', () => {
    async function device(id: string, regionCode: string): Promise<{ id: string; token: string }> {
      const r = await operator.post('/api/devices', { id, name: id, kind: 'speaker', regionCode });
      expect(r.status).toBe(201);
      return { id, token: r.body.token };
    }

    function connect(opts: { clientId: string; username: string; password: string }): Promise<MqttClient> {
      return mqtt.connectAsync(server.mqttUrl, { ...opts, reconnectPeriod: 0, connectTimeout: 5000 }).then((c) => {
        clients.push(c);
        return c;
      });
    }

    it('should refuse the connection when the token is wrong, the device unknown or the clientId differs', async () => {
      const d = await device('acl-spk-1', VILLAGE);
      await expect(connect({ clientId: d.id, username: d.id, password: 'wrong-token' })).rejects.toThrow();
      await expect(connect({ clientId: 'nobody', username: 'nobody', password: d.token })).rejects.toThrow();
      await expect(connect({ clientId: 'other-id', username: d.id, password: d.token })).rejects.toThrow();
      const ok = await connect({ clientId: d.id, username: d.id, password: d.token });
      expect(ok.connected).toBe(true);
    });

    it('should grant own and region-chain topics and refuse foreign ones when a device subscribes', async () => {
      const a = await device('acl-spk-2', VILLAGE);
      await device('acl-spk-3', OTHER_VILLAGE);
      const c = await connect({ clientId: a.id, username: a.id, password: a.token });
      const allowed = [`sunshine/v1/devices/${a.id}/playlist`, `sunshine/v1/devices/${a.id}/command`, `sunshine/v1/alerts/${VILLAGE}`, 'sunshine/v1/alerts/510811000000'];
      const granted = await c.subscribeAsync(allowed, { qos: 1 });
      expect(granted.map((g) => g.qos)).toEqual([1, 1, 1, 1]);
      // mqtt.js rejects a SUBACK that carries 0x80 (refused) for the filter.
      for (const refused of ['sunshine/v1/devices/acl-spk-3/playlist', `sunshine/v1/alerts/${OTHER_VILLAGE}`, 'sunshine/v1/devices/+/playlist', '#']) {
        await expect(c.subscribeAsync(refused)).rejects.toThrow(/Subscribe error/);
      }
    });

    it('should not deliver what a device publishes to another device topic', async () => {
      const a = await device('acl-spk-4', VILLAGE);
      const b = await device('acl-spk-5', VILLAGE);
      const victim = await connect({ clientId: b.id, username: b.id, password: b.token });
      const received: string[] = [];
      victim.on('message', (t) => received.push(t));
      await victim.subscribeAsync(`sunshine/v1/devices/${b.id}/command`);
      const attacker = await connect({ clientId: a.id, username: a.id, password: a.token });
      const closed = new Promise<void>((resolve) => attacker.once('close', () => resolve()));
      attacker.publish(`sunshine/v1/devices/${b.id}/command`, JSON.stringify({ payload: {}, keyId: 'x', sig: 'y' }), { qos: 0 });
      await closed; // aedes disconnects a client whose publish is refused
      // A round trip on the victim's connection after the refusal: anything forwarded would have arrived first.
      await victim.subscribeAsync(`sunshine/v1/devices/${b.id}/playlist`);
      expect(received).toEqual([]);
    });

    it('should store a redelivered play log once and acknowledge it with a signed command', async () => {
      const d = await device('acl-spk-7', VILLAGE);
      const key = await new Api(server.url).get('/api/keys/playlist');
      const pub = loadPublicKey(key.body.publicKeyPem);
      const c = await connect({ clientId: d.id, username: d.id, password: d.token });
      const acks: unknown[] = [];
      c.on('message', (topic, payload) => acks.push(verifyEnvelope(topic, payload, { keys: { [keyIdOf(pub)]: pub }, nowMs: Date.now() })));
      await c.subscribeAsync(`sunshine/v1/devices/${d.id}/command`, { qos: 1 });
      const log = {
        id: 'log-idem-1', deviceId: d.id, slotId: null, scheduleId: null, contentId: 'c-idem', revisionId: null,
        sha256: 'b'.repeat(64), startedAt: '2026-11-23T10:00:00.000Z', endedAt: '2026-11-23T10:00:20.000Z', playedMs: 20000, outcome: 'completed',
      };
      const batch = (batchId: string) => JSON.stringify({ kind: 'events', deviceId: d.id, batchId, sentAt: new Date().toISOString(), playLogs: [log] });
      await c.publishAsync(`sunshine/v1/devices/${d.id}/events`, batch('b1'), { qos: 1 });
      await c.publishAsync(`sunshine/v1/devices/${d.id}/events`, batch('b2'), { qos: 1 });
      await waitFor(async () => (acks.length >= 2 ? true : null), 10_000, () => server.output());
      expect(acks).toEqual([
        { ok: true, payload: expect.objectContaining({ kind: 'command', deviceId: d.id, command: { type: 'playlog-ack', ids: ['log-idem-1'] } }) },
        { ok: true, payload: expect.objectContaining({ command: { type: 'playlog-ack', ids: ['log-idem-1'] } }) },
      ]);
      const stored = await operator.get(`/api/playlogs?deviceId=${d.id}`);
      expect(stored.body).toHaveLength(1);
      expect(stored.body[0]).toMatchObject({ id: 'log-idem-1', playedMs: 20000, outcome: 'completed' });
    });

    it('should record the result a device reports for a signed command', async () => {
      const d = await device('cmd-spk-1', VILLAGE);
      const c = await connect({ clientId: d.id, username: d.id, password: d.token });
      const received: any[] = [];
      c.on('message', (_t, payload) => received.push(JSON.parse(payload.toString())));
      await c.subscribeAsync(`sunshine/v1/devices/${d.id}/command`, { qos: 1 });
      const sent = await operator.post(`/api/devices/${d.id}/commands`, { type: 'set-volume', volume: 70 });
      expect(sent.status).toBe(202);
      expect(sent.body).toMatchObject({ result: 'pending', type: 'set-volume' });
      const cmd = await waitFor(async () => received.find((m) => m.payload?.commandId === sent.body.id) ?? null, 10_000, () => server.output());
      expect(cmd.payload.command).toEqual({ type: 'set-volume', volume: 70 });
      await c.publishAsync(`sunshine/v1/devices/${d.id}/events`, JSON.stringify({ kind: 'events', deviceId: d.id, batchId: 'r1', sentAt: new Date().toISOString(), commandResults: [{ commandId: sent.body.id, ok: true, at: new Date().toISOString() }] }), { qos: 1 });
      const done = await waitFor(async () => {
        const list = await operator.get(`/api/devices/${d.id}/commands`);
        return (list.body as any[]).find((x) => x.id === sent.body.id && x.result === 'ok') ?? null;
      }, 10_000, () => server.output());
      expect(done.resultAt).toEqual(expect.any(String));
      const bad = await operator.post(`/api/devices/${d.id}/commands`, { type: 'set-volume' });
      expect(bad.status).toBe(400);
    });

    it('should mark a device offline when its Last Will fires', async () => {
      const d = await device('lwt-spk-1', VILLAGE);
      const c = await mqtt.connectAsync(server.mqttUrl, {
        clientId: d.id, username: d.id, password: d.token, reconnectPeriod: 0,
        will: { topic: `sunshine/v1/devices/${d.id}/state`, payload: Buffer.from(JSON.stringify({ online: false, deviceId: d.id, at: new Date().toISOString() })), qos: 1, retain: true },
      });
      await c.publishAsync(`sunshine/v1/devices/${d.id}/state`, JSON.stringify({ online: true, deviceId: d.id, at: new Date().toISOString(), agentVersion: 'test' }), { qos: 1, retain: true });
      await waitFor(async () => ((await operator.get(`/api/devices?status=online&region=${VILLAGE}`)).body as any[]).some((x) => x.id === d.id) || null, 10_000, () => server.output());
      (c as unknown as { stream: { destroy(): void } }).stream.destroy(); // abrupt loss: the broker publishes the will
      await waitFor(async () => ((await operator.get('/api/devices?status=offline&region=510811100000')).body as any[]).some((x) => x.id === d.id) || null, 10_000, () => server.output());
    });

    it('should drop malformed device payloads and stay healthy', async () => {
      const d = await device('acl-spk-6', VILLAGE);
      const c = await connect({ clientId: d.id, username: d.id, password: d.token });
      await c.publishAsync(`sunshine/v1/devices/${d.id}/events`, '{not json', { qos: 1 });
      await c.publishAsync(`sunshine/v1/devices/${d.id}/events`, JSON.stringify({ kind: 'events', deviceId: d.id, playLogs: [{ id: 1 }] }), { qos: 1 });
      await c.publishAsync(`sunshine/v1/devices/${d.id}/state`, Buffer.from([0xff, 0xfe, 0x00]), { qos: 1 });
      // Dropped, and shown on the device where the operator sees why (further drops are summed every 10 s).
      const problem = await waitFor(async () => ((await operator.get(`/api/devices/${d.id}`)).body as { messageProblem: { code: string; dropped: number } | null }).messageProblem, 10_000, () => server.output());
      expect(problem.code).toBe('MALFORMED_MESSAGE');
      expect(server.output()).toContain('设备 acl-spk-6 的 MQTT 消息被丢弃（MALFORMED_MESSAGE');
      const h = await new Api(server.url).get('/api/health');
      expect(h.body.status).toBe('ok');
    });
  });

  describe('start-up', () => {
    it('should exit with a clear Chinese message when the HTTP port is in use', async () => {
      const proc = spawn(process.execPath, [SERVER_MAIN, '--no-demo-agents'], {
        env: { ...process.env, PORT: String(server.httpPort), MQTT_PORT: String(await freePort()), HOST: '127.0.0.1', MQTT_HOST: '127.0.0.1', DATA_DIR: tempDir('busy') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
      const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
      expect(code).toBe(1);
      expect(err).toContain(`HTTP 端口 ${server.httpPort} 已被占用`);
    });

    it('should exit with a clear Chinese message when the MQTT port is in use', async () => {
      const proc = spawn(process.execPath, [SERVER_MAIN, '--no-demo-agents'], {
        env: { ...process.env, PORT: String(await freePort()), MQTT_PORT: String(server.mqttPort), HOST: '127.0.0.1', MQTT_HOST: '127.0.0.1', DATA_DIR: tempDir('busy') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
      const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
      expect(code).toBe(1);
      expect(err).toContain(`MQTT 端口 ${server.mqttPort} 已被占用`);
    });
  });
});
