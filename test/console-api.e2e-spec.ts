/**
 * The endpoints the operator console reads, against the built server with the demo county (no agents): how a
 * text is read, target counts, schedule preview (nothing saved), calendar, a device's explained day, the
 * dashboard, and the filtered, paged lists. The server clock runs two hours ahead (CLOCK_OFFSET_MS) so the
 * never-connected demo devices count as offline for more than an hour.
 */
import { DEMO_COUNTY } from '@sunshine/seeds';
import { Api } from './support/api-client';
import { approvedNotice, waitForRendition } from './support/editorial';
import { RunningServer, startServer } from './support/server-process';

jest.setTimeout(180_000);

const OFFSET_MS = 2 * 3_600_000;
const TOWN = '510811100000';
const VILLAGE = '510811100201';
const SPEAKER = `spk-${VILLAGE}-01`;
/** Registered by the test with the speaker default quiet hours (the demo speakers have none, to air the demo at any hour). */
const QUIET_SPEAKER = 'console-quiet-spk';
const ISO_SHANGHAI = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

/** The server's local date ('YYYY-MM-DD' in Asia/Shanghai), `days` from its today. */
function serverDate(days = 0): string {
  return new Date(Date.now() + OFFSET_MS + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

describe('console API', () => {
  let server: RunningServer;
  let editor: Api;
  let reviewer: Api;
  let operator: Api;
  let duty: Api;
  let contentId: string;

  beforeAll(async () => {
    server = await startServer({ env: { CLOCK_OFFSET_MS: String(OFFSET_MS) } });
    [editor, reviewer, operator, duty] = await Promise.all(['editor', 'reviewer', 'operator', 'duty'].map((u) => Api.login(server.url, u)));
    const notice = await approvedNotice(editor, reviewer, { title: '控制台接口测试通知', body: '完成率达到100%，请各村知悉（page-case）。', department: '栖凤区测试办公室' });
    contentId = notice.contentId;
    await waitForRendition(editor, notice.revisionId, 120_000);
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe('POST /api/speech/reading', () => {
    it('should show numbers, dates, percentages and phone numbers as they will be spoken, sentence by sentence', async () => {
      const r = await reviewer.post('/api/speech/reading', { text: '12月5日开会，出勤率98.5%。咨询电话13812345678。', rate: 0.8 });
      expect(r.status).toBe(200);
      expect(r.body.sentences).toHaveLength(2);
      expect(r.body.sentences[0]).toMatchObject({ source: '12月5日开会，出勤率98.5%。' });
      expect(r.body.sentences[0].spoken).toContain('十二月五日');
      expect(r.body.sentences[0].spoken).toContain('百分之九十八点五');
      expect(r.body.sentences[1].spoken).toContain('一三八');
      expect(r.body.reading).toBe(r.body.sentences.map((s: { spoken: string }) => s.spoken).join(''));
    });

    it('should refuse a text over 5000 characters and a role that does not write or review', async () => {
      expect((await editor.post('/api/speech/reading', { text: '字'.repeat(5001) })).status).toBe(400);
      expect((await operator.post('/api/speech/reading', { text: '你好' })).status).toBe(403);
    });
  });

  describe('POST /api/devices/count', () => {
    it('should count a town with its villages per kind and per town, as the demo county has them', async () => {
      const inTown = DEMO_COUNTY.devices.filter((d) => d.regionCode.startsWith(TOWN.slice(0, 9)));
      const r = await operator.post('/api/devices/count', { regionCodes: [TOWN] });
      expect(r.status).toBe(200);
      expect(r.body.count).toBe(inTown.length);
      expect(r.body.byKind).toEqual({
        speaker: inTown.filter((d) => d.kind === 'speaker').length,
        tv: inTown.filter((d) => d.kind === 'tv').length,
        led: inTown.filter((d) => d.kind === 'led').length,
      });
      expect(r.body.byTown).toEqual([{ code: TOWN, name: DEMO_COUNTY.towns.find((t) => t.code === TOWN)!.name, count: inTown.length }]);
    });

    it('should count every speaker in every town by kind', async () => {
      const r = await duty.post('/api/devices/count', { kinds: ['speaker'] });
      expect(r.body.count).toBe(DEMO_COUNTY.devices.filter((d) => d.kind === 'speaker').length);
      expect(r.body.byTown).toHaveLength(DEMO_COUNTY.towns.length);
    });
  });

  describe('schedules', () => {
    beforeAll(async () => {
      const r = await operator.post('/api/devices', { id: QUIET_SPEAKER, name: '柏林村测试喇叭', kind: 'speaker', regionCode: VILLAGE });
      expect(r.status).toBe(201);
    });

    it('should preview a schedule without saving it: devices, wording, next times and the quiet-hours conflict', async () => {
      const before = (await operator.get('/api/schedules')).body.length;
      const r = await editor.post('/api/schedules/preview', { contentId, targets: { deviceIds: [QUIET_SPEAKER] }, times: ['23:00'] });
      expect(r.status).toBe(200);
      expect(r.body.deviceCount).toBe(1);
      expect(r.body.devices).toEqual([{ id: QUIET_SPEAKER, name: '柏林村测试喇叭', kind: 'speaker', regionCode: VILLAGE }]);
      expect(r.body.ruleText).toBe('每天 23:00');
      expect(r.body.nextOccurrences).toHaveLength(10);
      for (const t of r.body.nextOccurrences) expect(t).toMatch(/T23:00:00\+08:00$/);
      expect(r.body.conflicts.length).toBeGreaterThan(0);
      expect(r.body.conflicts.every((c: { kind: string; deviceId: string }) => c.kind === 'quiet-hours' && c.deviceId === QUIET_SPEAKER)).toBe(true);
      expect((await operator.get('/api/schedules')).body.length).toBe(before);
    });

    it('should word a workday rule in plain Chinese and reject the same bad body as create', async () => {
      const ok = await editor.post('/api/schedules/preview', { contentId, targets: { deviceIds: [QUIET_SPEAKER] }, rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=7;BYMINUTE=0' });
      expect(ok.body.ruleText).toMatch(/^每个工作日 07:00（自 \d{4}-\d{2}-\d{2} 起）$/);
      const noTarget = await editor.post('/api/schedules/preview', { contentId, targets: {}, times: ['07:00'] });
      expect(noTarget.status).toBe(400);
      expect(noTarget.body.code).toBe('NO_TARGETS');
    });

    it('should report the same conflicts when saving as the preview did', async () => {
      const body = { contentId, targets: { deviceIds: [QUIET_SPEAKER] }, times: ['23:00'] };
      const preview = await editor.post('/api/schedules/preview', body);
      const created = await editor.post('/api/schedules', body);
      expect(created.status).toBe(201);
      const strip = (cs: Array<{ kind: string; slotId: string; deviceId: string }>) => cs.map((c) => [c.kind, c.slotId.slice(c.slotId.indexOf(':')), c.deviceId]);
      expect(strip(created.body.conflicts)).toEqual(strip(preview.body.conflicts));
    });

    it('should list the airings of a date range in the calendar with +08:00 times, and refuse more than 62 days', async () => {
      expect((await editor.post('/api/schedules', { contentId, targets: { deviceIds: [QUIET_SPEAKER] }, times: ['07:00'] })).status).toBe(201);
      const day = serverDate(1);
      const r = await operator.get(`/api/schedules/calendar?from=${day}&to=${day}&regionCode=${TOWN}`);
      expect(r.status).toBe(200);
      const mine = r.body.filter((o: { contentId: string }) => o.contentId === contentId);
      expect(mine.map((o: { start: string }) => o.start)).toEqual([`${day}T07:00:00+08:00`, `${day}T23:00:00+08:00`]);
      for (const o of mine) {
        expect(o).toMatchObject({ kind: 'slot', title: '控制台接口测试通知', deviceCount: 1, regionCodes: [], status: 'approved' });
        expect(o.end).toMatch(ISO_SHANGHAI);
      }
      const elsewhere = await operator.get(`/api/schedules/calendar?from=${day}&to=${day}&regionCode=510811200000`);
      expect(elsewhere.body.filter((o: { contentId: string }) => o.contentId === contentId)).toEqual([]);
      expect((await operator.get(`/api/schedules/calendar?from=${serverDate(0)}&to=${serverDate(70)}`)).status).toBe(400);
      expect((await operator.get('/api/schedules/calendar?from=2026-13-01&to=2026-12-01')).status).toBe(400);
    });
  });

  describe('GET /api/devices/{id}/timeline', () => {
    it("should explain the device's day: what plays, what overlaps and what quiet hours drop", async () => {
      // A second 07:00 schedule reaching the same speaker (through its village): one of the two must give way.
      expect((await editor.post('/api/schedules', { contentId, targets: { regionCodes: [VILLAGE] }, times: ['07:00'] })).status).toBe(201);
      const day = serverDate(1);
      const r = await operator.get(`/api/devices/${QUIET_SPEAKER}/timeline?date=${day}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ deviceId: QUIET_SPEAKER, date: day, timeZone: 'Asia/Shanghai', quietHours: [{ from: '22:00', until: '06:00' }] });
      const mine = r.body.items.filter((i: { contentId: string }) => i.contentId === contentId);
      expect(mine.map((i: { start: string; status: string; kind: string }) => [i.start, i.kind, i.status])).toEqual([
        [`${day}T07:00:00+08:00`, 'slot', 'plays'],
        [`${day}T07:00:00+08:00`, 'slot', 'overlap'],
        [`${day}T23:00:00+08:00`, 'slot', 'dropped-quiet-hours'],
      ]);
      expect(mine[2].reason).toContain('静音时段 22:00–06:00');
      expect(mine[1].reason).toContain('重叠');
      expect((await operator.get(`/api/devices/no-such-device/timeline?date=${day}`)).status).toBe(404);
      expect((await operator.get(`/api/devices/${QUIET_SPEAKER}/timeline?date=tomorrow`)).status).toBe(400);
      // The demo speaker in the same village has no quiet hours: the same 07:00 schedule simply plays there.
      const demo = await operator.get(`/api/devices/${SPEAKER}/timeline?date=${day}`);
      expect(demo.body.quietHours).toEqual([]);
      expect(demo.body.items.filter((i: { contentId: string }) => i.contentId === contentId).map((i: { status: string }) => i.status)).toEqual(['plays']);
    });
  });

  describe('GET /api/dashboard', () => {
    it('should sum the towns, count pending review and name the devices offline for over an hour', async () => {
      const draft = await editor.post('/api/contents', { title: '待审核测试', body: '待审核的正文。', department: '栖凤区测试办公室' });
      expect((await editor.post(`/api/contents/${draft.body.id}/submit`)).status).toBe(200);
      const r = await operator.get('/api/dashboard');
      expect(r.status).toBe(200);
      expect(r.body.towns).toHaveLength(DEMO_COUNTY.towns.length);
      // The demo county and the test's own speaker.
      expect(r.body.towns.reduce((n: number, t: { total: number }) => n + t.total, 0)).toBe(DEMO_COUNTY.devices.length + 1);
      expect(r.body.pendingReview).toBeGreaterThanOrEqual(1);
      const speaker = r.body.problemDevices.find((d: { id: string }) => d.id === SPEAKER);
      expect(speaker).toMatchObject({ regionCode: VILLAGE, problems: ['offline-1h'] });
      expect(speaker.detail).toMatch(/从未上线/);
      expect(r.body.airsToday).toEqual(expect.any(Array));
      expect(r.body.rendersInProgress).toEqual(expect.any(Array));
    });
  });

  describe('lists', () => {
    it('should search contents by text with LIKE wildcards taken literally, filter and page them', async () => {
      const hit = await operator.get(`/api/contents?q=${encodeURIComponent('100%')}&page=1&pageSize=10`);
      expect(hit.status).toBe(200);
      expect(hit.body).toMatchObject({ total: 1, page: 1, pageSize: 10 });
      expect(hit.body.items[0].id).toBe(contentId);
      expect((await operator.get(`/api/contents?q=${encodeURIComponent('1_0%')}`)).body.total).toBe(0);
      expect((await operator.get(`/api/contents?q=${encodeURIComponent('PAGE-CASE')}`)).body.items.map((c: { id: string }) => c.id)).toEqual([contentId]);
      const byDept = await operator.get(`/api/contents?department=${encodeURIComponent('栖凤区测试办公室')}&status=approved`);
      expect(byDept.body.items.map((c: { id: string }) => c.id)).toEqual([contentId]);
      const one = await operator.get('/api/contents?pageSize=1&page=2');
      expect(one.body.items).toHaveLength(1);
      expect(one.body.total).toBeGreaterThan(1);
      expect((await operator.get('/api/contents?pageSize=201')).status).toBe(400);
    });

    it('should list every revision of a content with its author and state', async () => {
      const r = await operator.get(`/api/contents/${contentId}/revisions`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual([expect.objectContaining({ number: 1, authorName: 'editor', status: 'approved', title: '控制台接口测试通知' })]);
    });

    it('should filter devices by kind, tag, region and name, paged on request and as the old array without', async () => {
      const leds = await operator.get('/api/devices?kind=led&page=1&pageSize=1');
      expect(leds.body).toMatchObject({ total: DEMO_COUNTY.devices.filter((d) => d.kind === 'led').length, page: 1, pageSize: 1 });
      expect(leds.body.items).toHaveLength(1);
      const tagged = await operator.get('/api/devices?tag=service-hall&region=' + TOWN);
      expect(tagged.body.map((d: { id: string }) => d.id).sort()).toEqual(
        DEMO_COUNTY.devices.filter((d) => d.tags.includes('service-hall') && d.regionCode.startsWith(TOWN.slice(0, 9))).map((d) => d.id).sort(),
      );
      const byId = await operator.get(`/api/devices?q=${VILLAGE}`);
      expect(byId.body.map((d: { id: string }) => d.id)).toEqual([SPEAKER]);
      // Letter case does not matter, on PostgreSQL as on SQLite.
      expect((await operator.get(`/api/devices?q=SPK-${VILLAGE}-0`)).body.map((d: { id: string }) => d.id)).toEqual([SPEAKER]);
      expect((await operator.get('/api/devices?q=%25')).body).toEqual([]);
      expect((await operator.get('/api/devices?region=000000000000')).status).toBe(400);
    });

    it('should filter play logs by region and outcome and page them', async () => {
      const r = await operator.get(`/api/playlogs?regionCode=${TOWN}&outcome=failed&page=1&pageSize=5`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ items: [], total: 0, page: 1, pageSize: 5 });
      expect(Array.isArray((await operator.get(`/api/playlogs?deviceId=${SPEAKER}`)).body)).toBe(true);
      expect((await operator.get('/api/playlogs?outcome=lost')).status).toBe(400);
    });

    it('should list a CAP alert waiting for confirmation with its source, and discard it with an audit entry', async () => {
      const sent = new Date(Date.now() + OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, '+00:00');
      const expires = new Date(Date.now() + OFFSET_MS + 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
      const xml = `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>CONSOLE-E2E-1</identifier><sender>qxt@qifeng.weather.example.cn</sender><sent>${sent}</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info>
    <language>zh-CN</language><category>Met</category><event>大风</event>
    <urgency>Expected</urgency><severity>Moderate</severity><certainty>Likely</certainty><expires>${expires}</expires>
    <headline>柏林村大风蓝色预警</headline><description>柏林村今晚有七级大风。</description>
    <area><areaDesc>柏林村</areaDesc><geocode><valueName>统计用区划代码</valueName><value>${VILLAGE}</value></geocode></area>
  </info>
</alert>`;
      const held = await duty.request('POST', '/api/alerts/cap', xml, { 'content-type': 'application/xml' });
      expect(held.body.alert.status).toBe('pending-confirmation');
      const id: string = held.body.alert.id;

      const waiting = await duty.get('/api/alerts?status=pending-confirmation&page=1&pageSize=20');
      expect(waiting.status).toBe(200);
      expect(waiting.body.items.find((a: { id: string }) => a.id === id)).toMatchObject({ source: 'cap', regionCodes: [VILLAGE], cap: { identifier: 'CONSOLE-E2E-1' } });

      const discarded = await duty.post(`/api/alerts/${id}/discard`, { reason: '值班员核实为误报' });
      expect(discarded.status).toBe(200);
      expect(discarded.body.status).toBe('cancelled');
      expect((await duty.post(`/api/alerts/${id}/discard`, {})).status).toBe(409);
      const audit = (await duty.get(`/api/alerts/${id}/audit`)).body as Array<{ action: string; actorName: string | null; detail: string | null }>;
      expect(audit.map((a) => a.action)).toEqual(['held', 'discarded']);
      expect(audit[1]).toMatchObject({ actorName: 'duty', detail: '值班员核实为误报' });
      // Without page/pageSize: the bare array the console's alert pages read.
      const after = (await duty.get('/api/alerts?status=pending-confirmation')).body as Array<{ id: string }>;
      expect(Array.isArray(after)).toBe(true);
      expect(after.find((a) => a.id === id)).toBeUndefined();
    });
  });
});
