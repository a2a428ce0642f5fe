/**
 * Accountability reports against ground truth. A simulated fleet of 54 loudspeakers in three towns (raw MQTT
 * clients speaking the device protocol: state, play-log batches, alert answers) lives through three days on the
 * server's clock (CLOCK_OFFSET_MS; the server is restarted on the same data dir at D1 00:30, D2 12:00 and D4 02:00).
 * Faults: a device offline for a day, a device that never comes back, media missing on one device, an interrupted
 * play, a log never sent, a notice withdrawn mid-period (and a notice withdrawn before its only slot), slots in
 * quiet hours, duplicate and a day-late play-log batches, a device moved to another town mid-period.
 *
 * The test derives every expected figure from what it scheduled and sent, and asserts the coverage,
 * content-reach, availability and alert reports equal them at county, town, village and device level.
 */
import mqtt, { MqttClient } from 'mqtt';
import { Api } from './support/api-client';
import { approvedNotice, registerDevice, waitForRendition } from './support/editorial';
import { freePort, RunningServer, startServer, tempDir, waitFor } from './support/server-process';

jest.setTimeout(600_000);

const COUNTY = '510811000000';
const DAY = ['', '2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04'];
/** An instant given in Shanghai local time: local(1, '08:00') is D1 08:00. */
const local = (day: number, hhmm: string, sec = 0): Date => new Date(Date.parse(`${DAY[day]}T${hhmm}:${String(sec).padStart(2, '0')}+08:00`));
const PERIOD = `period=custom&from=${DAY[1]}&to=${DAY[3]}`;
const PERIOD_MS = 3 * 86_400_000;

const TOWNS = [
  { code: '510811300000', name: '报表甲镇' },
  { code: '510811301000', name: '报表乙镇' },
  { code: '510811302000', name: '报表丙镇' },
];
const villageCode = (town: number, v: number) => `${TOWNS[town].code.slice(0, 9)}${200 + v}`;
const VILLAGES = TOWNS.flatMap((t, ti) => [1, 2, 3, 4].map((v) => ({ code: villageCode(ti, v), name: `${t.name}${v}村`, town: ti })));

interface SimDevice {
  id: string;
  token: string;
  town: number;
  village: string;
}

/** Faults, by device. */
const MOVER = 'rpt-0-1'; // town 0 village 1 → town 1 village 2 at D2 12:00
const MOVED_TO = villageCode(1, 2);
const OFFLINE_DAY = 'rpt-1-0'; // offline D2 00:00 – D3 00:00, sends nothing for D2
const GONE = 'rpt-1-17'; // offline from D1 00:05 for good, never reports
const GONE_AT = local(1, '00:05');
const MEDIA_MISSING = 'rpt-2-0'; // every N1 slot fails with media-missing; never answers the alert
const INTERRUPTED = 'rpt-0-5'; // N1 D1 08:00 interrupted
const UNREPORTED = 'rpt-0-10'; // N2 D3 18:00 log never sent

interface Notice {
  key: 'N1' | 'N2' | 'N3' | 'N4' | 'N5';
  title: string;
  department: string;
  times: string[];
  towns: number[];
  contentId?: string;
  revisionId?: string;
  scheduleId?: string;
}
const NOTICES: Notice[] = [
  { key: 'N1', title: '医保缴费通知', department: '县医保局', times: ['08:00', '12:00', '23:00'], towns: [0, 1, 2] },
  { key: 'N2', title: '春耕补贴政策通知', department: '县农业农村局', times: ['18:00'], towns: [0] },
  { key: 'N3', title: '停水通知', department: '县水务局', times: ['10:00'], towns: [0, 1, 2] },
  { key: 'N4', title: '防火检查通知', department: '县应急管理局', times: [`${DAY[3]}T09:00`], towns: [2] },
  { key: 'N5', title: '夜间施工通知', department: '县住建局', times: [`${DAY[1]}T23:00`], towns: [0] },
];
const notice = (key: Notice['key']) => NOTICES.find((n) => n.key === key)!;

/** What the plan of record must say, derived from the schedules and the changes the test makes. */
interface Slot {
  deviceId: string;
  region: string;
  notice: Notice;
  startAt: Date;
  skipped: boolean;
}

function expectedSlots(devices: SimDevice[]): Slot[] {
  const slots: Slot[] = [];
  const withdrawnAt = local(2, '12:00');
  for (const d of devices) {
    for (const n of NOTICES) {
      for (let day = 1; day <= 3; day++) {
        for (const t of n.times) {
          const startAt = t.includes('T') ? new Date(Date.parse(`${t}:00+08:00`)) : local(day, t);
          if (t.includes('T') && day !== 1) continue;
          const moved = d.id === MOVER && startAt > withdrawnAt;
          const region = moved ? MOVED_TO : d.village;
          const town = moved ? 1 : d.town;
          if (!n.towns.includes(town)) continue;
          // Loudspeakers' default quiet hours, 22:00–06:00 local.
          const hour = (startAt.getUTCHours() + 8) % 24;
          const quiet = hour >= 22 || hour < 6;
          const withdrawn = (n.key === 'N3' || n.key === 'N4') && startAt > withdrawnAt;
          slots.push({ deviceId: d.id, region, notice: n, startAt, skipped: quiet || withdrawn });
        }
      }
    }
  }
  return slots;
}

interface Log {
  id: string;
  deviceId: string;
  slotId: string;
  scheduleId: string;
  contentId: string;
  revisionId: string;
  sha256: string;
  startedAt: string;
  endedAt: string;
  playedMs: number;
  outcome: 'completed' | 'interrupted' | 'failed';
  reason?: string;
}

/** The play log each planned slot gets (null: none is ever sent). */
function logFor(s: Slot): Log | null {
  if (s.skipped || s.deviceId === GONE) return null;
  if (s.deviceId === OFFLINE_DAY && s.startAt >= local(2, '00:00') && s.startAt < local(3, '00:00')) return null;
  if (s.deviceId === UNREPORTED && s.notice.key === 'N2' && s.startAt.getTime() === local(3, '18:00').getTime()) return null;
  let outcome: Log['outcome'] = 'completed';
  let reason: string | undefined;
  let playedMs = 20_000;
  if (s.deviceId === MEDIA_MISSING && s.notice.key === 'N1') [outcome, reason, playedMs] = ['failed', 'media-missing', 0];
  if (s.deviceId === INTERRUPTED && s.notice.key === 'N1' && s.startAt.getTime() === local(1, '08:00').getTime()) [outcome, reason, playedMs] = ['interrupted', 'alert', 5_000];
  const startedAt = s.startAt.toISOString();
  return {
    id: `pl-${s.deviceId}-${s.startAt.getTime().toString(36)}`,
    deviceId: s.deviceId,
    slotId: `${s.notice.scheduleId}:${startedAt}`,
    scheduleId: s.notice.scheduleId!,
    contentId: s.notice.contentId!,
    revisionId: s.notice.revisionId!,
    sha256: 'a'.repeat(64),
    startedAt,
    endedAt: new Date(s.startAt.getTime() + playedMs).toISOString(),
    playedMs,
    outcome,
    ...(reason ? { reason } : {}),
  };
}

/** Online share over D1–D3 as the test drove the devices' states. */
function expectedShare(id: string): number {
  if (id === OFFLINE_DAY) return 2 / 3;
  if (id === GONE) return (GONE_AT.getTime() - local(1, '00:00').getTime()) / PERIOD_MS;
  return 1;
}

interface Figures {
  devices: number;
  planned: number;
  aired: number;
  interrupted: number;
  failed: number;
  failedByReason: Record<string, number>;
  notReported: number;
  airtimeSeconds: number;
  completion: number | null;
  onlineShare: number | null;
  flagged: boolean;
}

function figures(slots: Slot[], logs: Map<Slot, Log | null>, threshold = 0.9): Figures {
  const meant = slots.filter((s) => !s.skipped);
  const devices = [...new Set(slots.filter((s) => !s.skipped || logs.get(s)).map((s) => s.deviceId))];
  const outcome = (s: Slot) => logs.get(s)?.outcome ?? null;
  const failedByReason: Record<string, number> = {};
  for (const s of meant) if (outcome(s) === 'failed') failedByReason[logs.get(s)!.reason!] = (failedByReason[logs.get(s)!.reason!] ?? 0) + 1;
  const planned = meant.length;
  const aired = meant.filter((s) => outcome(s) === 'completed').length;
  const completion = planned > 0 ? aired / planned : null;
  const shares = devices.map(expectedShare);
  return {
    devices: devices.length,
    planned,
    aired,
    interrupted: meant.filter((s) => outcome(s) === 'interrupted').length,
    failed: meant.filter((s) => outcome(s) === 'failed').length,
    failedByReason,
    notReported: meant.filter((s) => outcome(s) === null).length,
    airtimeSeconds: Math.round(meant.reduce((a, s) => a + (logs.get(s)?.playedMs ?? 0), 0) / 1000),
    completion,
    onlineShare: shares.length > 0 ? shares.reduce((a, b) => a + b, 0) / shares.length : null,
    flagged: completion !== null && completion < threshold,
  };
}

/** Reports' floating-point shares are compared to 12 digits; everything else exactly. */
function expectFigures(actual: any, expected: Figures, what: string): void {
  const { completion, onlineShare, ...exact } = expected;
  try {
    expect(actual).toMatchObject(exact);
    if (completion === null) expect(actual.completion).toBeNull();
    else expect(actual.completion).toBeCloseTo(completion, 12);
    if (onlineShare === null) expect(actual.onlineShare).toBeNull();
    else expect(actual.onlineShare).toBeCloseTo(onlineShare, 12);
  } catch (err) {
    throw new Error(`${what}: ${(err as Error).message}`);
  }
}

describe('accountability reports equal ground truth under faults', () => {
  let server: RunningServer | undefined;
  let dataDir: string;
  let httpPort: number;
  let mqttPort: number;
  const devices: SimDevice[] = [];
  let clients: MqttClient[] = [];
  /** playlog-ack commands received per device (each stored batch is acknowledged once). */
  const acks = new Map<string, number>();
  let offsetMs = 0;

  async function run(at: Date): Promise<void> {
    await stop();
    offsetMs = at.getTime() - Date.now();
    server = await startServer({ dataDir, httpPort, mqttPort, env: { CLOCK_OFFSET_MS: String(offsetMs) } });
  }

  async function stop(): Promise<void> {
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
    clients = [];
    await server?.stop();
    server = undefined;
  }

  /** Connects every simulated device (the server was restarted: new connections) and listens for its acks. */
  async function connectAll(): Promise<Map<string, MqttClient>> {
    const byId = new Map<string, MqttClient>();
    for (const d of devices) {
      const c = await mqtt.connectAsync(server!.mqttUrl, { clientId: d.id, username: d.id, password: d.token, reconnectPeriod: 0 });
      c.on('message', (_topic, payload) => {
        const msg = JSON.parse(payload.toString());
        if (msg.payload?.command?.type === 'playlog-ack') acks.set(d.id, (acks.get(d.id) ?? 0) + 1);
      });
      await c.subscribeAsync(`sunshine/v1/devices/${d.id}/command`, { qos: 1 });
      clients.push(c);
      byId.set(d.id, c);
    }
    return byId;
  }

  const serverNow = () => new Date(Date.now() + offsetMs).toISOString();

  async function state(c: MqttClient, id: string, online: boolean, at: string): Promise<void> {
    await c.publishAsync(`sunshine/v1/devices/${id}/state`, JSON.stringify({ online, deviceId: id, at }), { qos: 1, retain: true });
  }

  /** Sends play logs in batches of 10 and waits until the server acknowledged every batch (stored and counted). */
  async function sendLogs(byId: Map<string, MqttClient>, logs: Log[]): Promise<void> {
    const byDevice = new Map<string, Log[]>();
    for (const l of logs) byDevice.set(l.deviceId, [...(byDevice.get(l.deviceId) ?? []), l]);
    const want = new Map<string, number>();
    for (const [id, list] of byDevice) {
      for (let i = 0; i < list.length; i += 10) {
        const batch = { kind: 'events', deviceId: id, batchId: `b-${id}-${Date.now()}-${i}`, sentAt: serverNow(), playLogs: list.slice(i, i + 10) };
        await byId.get(id)!.publishAsync(`sunshine/v1/devices/${id}/events`, JSON.stringify(batch), { qos: 1 });
        want.set(id, (want.get(id) ?? acks.get(id) ?? 0) + 1);
      }
    }
    await waitFor(async () => ([...want].every(([id, n]) => (acks.get(id) ?? 0) >= n) ? true : null), 60_000, () => `play-log acks missing:\n${server!.output().slice(-3000)}`);
  }

  beforeAll(async () => {
    dataDir = tempDir('reports');
    httpPort = await freePort();
    mqttPort = await freePort();
  });

  afterAll(async () => {
    await stop();
  });

  it('records the plan, ingests faulty play logs over three days and reports them exactly', async () => {
    // ── D1 00:30: set-up, schedules, everyone comes online at D1 00:00 ────────────────────────────────────────
    await run(local(1, '00:30'));
    const admin = await Api.login(server!.url, 'admin');
    const csv = ['code,name,level', ...TOWNS.map((t) => `${t.code},${t.name},town`), ...VILLAGES.map((v) => `${v.code},${v.name},village`)].join('\n');
    const imported = await admin.request('POST', '/api/regions/import', csv, { 'content-type': 'text/csv' });
    expect(imported.status).toBe(201);
    const operator = await Api.login(server!.url, 'operator');
    for (let t = 0; t < 3; t++) {
      for (let i = 0; i < 18; i++) {
        const village = villageCode(t, i < 5 ? 1 : i < 10 ? 2 : i < 14 ? 3 : 4);
        const id = `rpt-${t}-${i}`;
        const reg = await registerDevice(operator, { id, name: `${id}号喇叭`, kind: 'speaker', regionCode: village });
        devices.push({ id, token: reg.token, town: t, village });
      }
    }
    const editor = await Api.login(server!.url, 'editor');
    const reviewer = await Api.login(server!.url, 'reviewer');
    for (const n of NOTICES) {
      const { contentId, revisionId } = await approvedNotice(editor, reviewer, { title: n.title, body: `${n.title}：请各村群众周知。`, department: n.department });
      Object.assign(n, { contentId, revisionId });
    }
    for (const n of NOTICES) await waitForRendition(editor, n.revisionId!, 180_000);
    for (const n of NOTICES) {
      const created = await editor.post('/api/schedules', { contentId: n.contentId, targets: { regionCodes: n.towns.map((t) => TOWNS[t].code) }, times: n.times });
      expect(created.status).toBe(201);
      n.scheduleId = created.body.schedule.id;
    }
    // The slot ids the test will report are the ones the devices were given.
    const playlist = await operator.get(`/api/devices/${MOVER}/playlist`);
    const items: Array<{ slotId: string }> = playlist.body.envelope.payload.items;
    expect(items.map((i) => i.slotId)).toEqual(expect.arrayContaining([`${notice('N1').scheduleId}:${local(1, '08:00').toISOString()}`, `${notice('N2').scheduleId}:${local(2, '18:00').toISOString()}`]));

    let byId = await connectAll();
    for (const d of devices) await state(byId.get(d.id)!, d.id, true, local(1, '00:00').toISOString());
    await state(byId.get(GONE)!, GONE, false, GONE_AT.toISOString());
    await waitFor(async () => {
      const a = await operator.get(`/api/reports/availability?period=day&date=${DAY[1]}&regionCode=${TOWNS[1].code}`);
      return a.body.outages?.length === 1 && a.body.totals.onlineShare > 0.9 ? true : null;
    }, 30_000, () => 'states not recorded');

    // ── D2 12:00: one device went offline at midnight, a notice is withdrawn, a device moves; D1's logs arrive a day late
    await run(local(2, '12:00'));
    byId = await connectAll();
    for (const d of devices) if (d.id !== GONE && d.id !== OFFLINE_DAY) await state(byId.get(d.id)!, d.id, true, serverNow());
    await state(byId.get(OFFLINE_DAY)!, OFFLINE_DAY, false, local(2, '00:00').toISOString());
    const editor2 = await Api.login(server!.url, 'editor');
    for (const key of ['N3', 'N4'] as const) expect((await editor2.post(`/api/contents/${notice(key).contentId}/withdraw`)).status).toBe(200);
    const operator2 = await Api.login(server!.url, 'operator');
    const movedAfter = Date.now() + offsetMs;
    const moved = await operator2.request('PATCH', `/api/devices/${MOVER}`, JSON.stringify({ regionCode: MOVED_TO }));
    const movedBefore = Date.now() + offsetMs;
    expect(moved.status).toBe(200);
    await waitFor(async () => {
      const p = await operator2.get(`/api/devices/${MOVER}/playlist`);
      const its: Array<{ contentId: string }> = p.body?.envelope?.payload?.items ?? [];
      return p.body?.envelope?.payload?.regionCodes?.[0] === MOVED_TO && !its.some((i) => i.contentId === notice('N3').contentId || i.contentId === notice('N2').contentId) ? true : null;
    }, 30_000, () => 'mover not recompiled');

    const slots = expectedSlots(devices);
    const logs = new Map(slots.map((s) => [s, logFor(s)] as const));
    const sent = (pred: (s: Slot) => boolean) => slots.filter((s) => pred(s) && logs.get(s)).map((s) => logs.get(s)!);
    const day1 = (s: Slot) => s.startAt < local(2, '00:00');
    // The mover's logs all come after its move: they must still count where it aired them.
    await sendLogs(byId, sent((s) => day1(s) && s.deviceId !== MOVER));

    // ── D4 02:00: the offline device is back (since D3 00:00); D2–D3 logs, the mover's, and D1 again (duplicates)
    await run(local(4, '02:00'));
    byId = await connectAll();
    for (const d of devices) if (d.id !== GONE && d.id !== OFFLINE_DAY) await state(byId.get(d.id)!, d.id, true, serverNow());
    await state(byId.get(OFFLINE_DAY)!, OFFLINE_DAY, true, local(3, '00:00').toISOString());
    // A report read now (its closed days summed and kept) must change when the late logs arrive.
    const early = await (await Api.login(server!.url, 'operator')).get(`/api/reports/coverage?${PERIOD}&regionCode=${COUNTY}`);
    const onlyDay1 = new Map([...logs].map(([s, l]) => [s, day1(s) && s.deviceId !== MOVER ? l : null] as const));
    expectFigures(early.body.totals, { ...figures(slots, onlyDay1), devices: early.body.totals.devices, onlineShare: early.body.totals.onlineShare }, 'before the late logs');
    await sendLogs(byId, sent((s) => !day1(s) || s.deviceId === MOVER));
    await sendLogs(byId, sent((s) => day1(s) && s.deviceId !== MOVER));

    const api = await Api.login(server!.url, 'operator');
    const get = async (path: string) => {
      const r = await api.get(path);
      if (r.status !== 200) throw new Error(`${path} → ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };

    // ── Coverage: county by town ───────────────────────────────────────────────────────────────────────────
    const county = await get(`/api/reports/coverage?${PERIOD}&regionCode=${COUNTY}`);
    expect(county.groupBy).toBe('region');
    expect(county.period).toMatchObject({ firstDay: DAY[1], lastDay: DAY[3] });
    expectFigures(county.totals, figures(slots, logs), 'county totals');
    const townOf = (s: Slot) => TOWNS.findIndex((t) => s.region.startsWith(t.code.slice(0, 9)));
    for (const [ti, t] of TOWNS.entries()) {
      const row = county.rows.find((r: any) => r.key === t.code);
      expectFigures(row, figures(slots.filter((s) => townOf(s) === ti), logs), `county row ${t.name}`);
      expect(row.drillDown).toContain(`regionCode=${t.code}`);
    }
    // Towns of the demo county with nothing planned are listed, never flagged.
    for (const r of county.rows.filter((x: any) => !TOWNS.some((t) => t.code === x.key))) expect(r).toMatchObject({ planned: 0, completion: null, flagged: false });

    // ── Town by village, village by device ─────────────────────────────────────────────────────────────────
    for (const [ti, t] of TOWNS.entries()) {
      const town = await get(`/api/reports/coverage?${PERIOD}&regionCode=${t.code}`);
      expectFigures(town.totals, figures(slots.filter((s) => townOf(s) === ti), logs), `town ${t.name}`);
      for (const v of VILLAGES.filter((x) => x.town === ti)) {
        const inVillage = slots.filter((s) => s.region === v.code);
        expectFigures(town.rows.find((r: any) => r.key === v.code), figures(inVillage, logs), `town ${t.name} row ${v.name}`);
        const village = await get(`/api/reports/coverage?${PERIOD}&regionCode=${v.code}`);
        expect(village.groupBy).toBe('device');
        for (const id of new Set(inVillage.map((s) => s.deviceId))) {
          const row = village.rows.find((r: any) => r.key === id);
          expectFigures(row, figures(inVillage.filter((s) => s.deviceId === id), logs), `village ${v.name} device ${id}`);
          expect(row.playLogs).toContain(`/api/playlogs?deviceId=${id}`);
        }
      }
    }
    // The mover counts in its first village for D1–D2 noon and in its new one afterwards.
    const firstVillage = await get(`/api/reports/coverage?${PERIOD}&regionCode=${devices.find((d) => d.id === MOVER)!.village}`);
    const newVillage = await get(`/api/reports/coverage?${PERIOD}&regionCode=${MOVED_TO}`);
    expect(firstVillage.rows.find((r: any) => r.key === MOVER).planned).toBe(slots.filter((s) => s.deviceId === MOVER && !s.skipped && s.region !== MOVED_TO).length);
    expect(newVillage.rows.find((r: any) => r.key === MOVER).planned).toBe(slots.filter((s) => s.deviceId === MOVER && !s.skipped && s.region === MOVED_TO).length);
    expect(slots.filter((s) => s.deviceId === MOVER && !s.skipped && s.region === MOVED_TO)).toHaveLength(2);

    // ── Filters: category, department, content ─────────────────────────────────────────────────────────────
    const byDept = await get(`/api/reports/coverage?${PERIOD}&regionCode=${COUNTY}&department=${encodeURIComponent('县农业农村局')}`);
    expectFigures(byDept.totals, figures(slots.filter((s) => s.notice.key === 'N2'), logs), 'department filter');
    const byContent = await get(`/api/reports/coverage?${PERIOD}&regionCode=${TOWNS[2].code}&contentId=${notice('N1').contentId}&threshold=0.5`);
    expectFigures(byContent.totals, figures(slots.filter((s) => s.notice.key === 'N1' && townOf(s) === 2), logs, 0.5), 'content filter');
    const alerts = await get(`/api/reports/coverage?${PERIOD}&regionCode=${COUNTY}&category=alert`);
    expect(alerts.totals.planned).toBe(0);
    const oneDay = await get(`/api/reports/coverage?period=day&date=${DAY[2]}&regionCode=${COUNTY}`);
    expectFigures(oneDay.totals, { ...figures(slots.filter((s) => s.startAt >= local(2, '00:00') && s.startAt < local(3, '00:00')), logs), onlineShare: oneDay.totals.onlineShare }, 'one day');

    // ── Content reach ──────────────────────────────────────────────────────────────────────────────────────
    const n1 = await get(`/api/reports/contents/${notice('N1').contentId}?${PERIOD}&regionCode=${COUNTY}`);
    const n1Aired = new Set(slots.filter((s) => s.notice.key === 'N1' && logs.get(s)?.outcome === 'completed').map((s) => s.deviceId));
    expect(n1.summary).toMatchObject({ targetedDevices: 54, airedDevices: n1Aired.size, plays: slots.filter((s) => s.notice.key === 'N1' && logs.get(s)?.outcome === 'completed').length });
    expect(n1.notAired.map((d: any) => [d.deviceId, d.reason]).sort()).toEqual([
      [GONE, 'offline'],
      [MEDIA_MISSING, 'media-missing'],
    ]);
    const moverReach = n1.aired.find((d: any) => d.deviceId === MOVER);
    expect(moverReach).toMatchObject({ regionCode: devices.find((d) => d.id === MOVER)!.village, firstAiredAt: local(1, '08:00').toISOString(), plays: 6 });
    const n4 = await get(`/api/reports/contents/${notice('N4').contentId}?${PERIOD}&regionCode=${COUNTY}`);
    expect(n4.content.status).toBe('withdrawn');
    expect(n4.summary).toMatchObject({ targetedDevices: 18, airedDevices: 0 });
    expect(new Set(n4.notAired.map((d: any) => d.reason))).toEqual(new Set(['withdrawn']));
    const n5 = await get(`/api/reports/contents/${notice('N5').contentId}?${PERIOD}&regionCode=${TOWNS[0].code}`);
    expect(new Set(n5.notAired.map((d: any) => d.reasonLabel))).toEqual(new Set(['静音时段']));
    const n3 = await get(`/api/reports/contents/${notice('N3').contentId}?${PERIOD}&regionCode=${TOWNS[1].code}`);
    const village = n3.villages.find((v: any) => v.code === villageCode(1, 1));
    expect(village).toMatchObject({ targetedDevices: 5, airedDevices: 5, plays: 9, firstAiredAt: local(1, '10:00').toISOString() });

    // ── Availability ───────────────────────────────────────────────────────────────────────────────────────
    const avail = await get(`/api/reports/availability?${PERIOD}&regionCode=${TOWNS[1].code}`);
    const townB = devices.filter((d) => d.town === 1 || d.id === MOVER).map((d) => d.id);
    expect(avail.totals.devices).toBe(townB.length);
    expect(avail.totals.onlineShare).toBeCloseTo(townB.map(expectedShare).reduce((a, b) => a + b, 0) / townB.length, 12);
    expect(avail.outages.map((o: any) => [o.deviceId, o.from, o.until, o.seconds])).toEqual([
      [GONE, GONE_AT.toISOString(), null, (local(4, '00:00').getTime() - GONE_AT.getTime()) / 1000],
      [OFFLINE_DAY, local(2, '00:00').toISOString(), local(3, '00:00').toISOString(), 86_400],
    ]);
    const countyAvail = await get(`/api/reports/availability?${PERIOD}&regionCode=${COUNTY}`);
    for (const [ti, t] of TOWNS.entries()) {
      // The mover counts in town 0 until it moved and in town 1 after: in both rows.
      const ids = devices.filter((d) => d.town === ti || (d.id === MOVER && ti === 1)).map((d) => d.id);
      const row = countyAvail.rows.find((r: any) => r.key === t.code);
      expect(row.devices).toBe(ids.length);
      expect(row.onlineShare).toBeCloseTo(ids.map(expectedShare).reduce((a, b) => a + b, 0) / ids.length, 12);
    }
    // In the county as a whole the mover is one device.
    expect(countyAvail.devices.filter((d: any) => d.deviceId === MOVER)).toHaveLength(1);
    expect(countyAvail.totals.devices).toBe(countyAvail.devices.length);
    const moverCounty = countyAvail.devices.find((d: any) => d.deviceId === MOVER);
    expect(moverCounty).toMatchObject({ onlineShare: 1, regionCode: MOVED_TO, outages: 0 });
    // Its two stretches are rounded to seconds each.
    expect(Math.abs(moverCounty.periodSeconds - PERIOD_MS / 1000)).toBeLessThanOrEqual(1);
    // Where it was at the time: its online time before the move in town 0's report, after it in town 1's.
    const moverIn = async (town: number) => (await get(`/api/reports/availability?${PERIOD}&regionCode=${TOWNS[town].code}`)).devices.find((d: any) => d.deviceId === MOVER);
    const [before, after] = [await moverIn(0), await moverIn(1)];
    const d1 = local(1, '00:00').getTime();
    expect(before.onlineSeconds).toBe(before.periodSeconds);
    expect(before.periodSeconds).toBeGreaterThanOrEqual(Math.floor((movedAfter - d1) / 1000));
    expect(before.periodSeconds).toBeLessThanOrEqual(Math.ceil((movedBefore - d1) / 1000));
    expect(after.onlineSeconds).toBe(after.periodSeconds);
    expect(Math.abs(before.periodSeconds + after.periodSeconds - PERIOD_MS / 1000)).toBeLessThanOrEqual(1);
    const villageAvail = await get(`/api/reports/availability?${PERIOD}&regionCode=${villageCode(1, 1)}`);
    expect(villageAvail.rows.find((r: any) => r.key === OFFLINE_DAY)).toMatchObject({ outages: 1, outageSeconds: 86_400 });

    // ── Alert: sent to town 3; answers with known playback starts ────────────────────────────────────────────
    const duty = await Api.login(server!.url, 'duty');
    const sentAlert = await duty.post('/api/alerts', { title: '山洪预警', text: '山洪预警：请沿河群众立即转移。', regionCodes: [TOWNS[2].code], level: 2 });
    expect(sentAlert.status).toBe(201);
    const alertId: string = sentAlert.body.id;
    const published = await waitFor(async () => {
      const a = await duty.get(`/api/alerts/${alertId}`);
      return a.body?.publishedAt ? a.body : null;
    }, 60_000, () => `alert not published:\n${server!.output().slice(-2000)}`);
    const sentAt = Date.parse(published.publishedAt);
    const townC = devices.filter((d) => d.town === 2);
    for (const [i, d] of townC.entries()) {
      if (d.id === MEDIA_MISSING) continue;
      const at = (s: number) => new Date(sentAt + s * 1000).toISOString();
      const answers =
        i <= 15
          ? [{ id: `ack-${d.id}-r`, alertId, state: 'received', at: at(0) }, { id: `ack-${d.id}-p`, alertId, state: 'playing', at: at(i) }, { id: `ack-${d.id}-s`, alertId, state: 'success', at: at(i + 30) }]
          : [{ id: `ack-${d.id}-r`, alertId, state: 'received', at: at(0) }, { id: `ack-${d.id}-f`, alertId, state: 'failed', reason: 'no-media', at: at(5) }];
      // Sent twice: a QoS 1 redelivery changes nothing.
      for (const batchId of ['a1', 'a2']) await byId.get(d.id)!.publishAsync(`sunshine/v1/devices/${d.id}/events`, JSON.stringify({ kind: 'events', deviceId: d.id, batchId: `${batchId}-${d.id}`, sentAt: serverNow(), alertAcks: answers }), { qos: 1 });
    }
    const expectedAlert = { targeted: 18, received: 17, played: 15, succeeded: 15, failed: 2, cancelled: 0, waiting: 1, firstPlaybackSeconds: 1, medianPlaybackSeconds: 8, lastPlaybackSeconds: 15 };
    const alertReport = await waitFor(async () => {
      const r = await api.get(`/api/reports/alerts/${alertId}`);
      return r.body?.totals?.received === 17 && r.body?.totals?.played === 15 && r.body?.totals?.failed === 2 ? r.body : null;
    }, 30_000, () => 'alert answers not counted');
    expect(alertReport.totals).toMatchObject(expectedAlert);
    expect(alertReport.totals.ackShare).toBeCloseTo(17 / 18, 12);
    expect(alertReport.towns).toEqual([expect.objectContaining({ code: TOWNS[2].code, name: TOWNS[2].name, ...expectedAlert })]);
    const alertsReport = await get(`/api/reports/alerts?period=day&date=${DAY[4]}&regionCode=${COUNTY}`);
    expect(alertsReport.rows).toEqual([expect.objectContaining({ alertId, alertTitle: '山洪预警', ...expectedAlert })]);

    // ── Alerts in coverage: each targeted device is one planned airing, aired when it played successfully ──────
    const alertCell = (ds: typeof townC) => {
      const index = (d: (typeof townC)[number]) => townC.indexOf(d);
      const failed = ds.filter((d) => d.id !== MEDIA_MISSING && index(d) > 15).length;
      return { planned: ds.length, aired: ds.filter((d) => d.id !== MEDIA_MISSING && index(d) <= 15).length, failed, failedByReason: failed > 0 ? { 'no-media': failed } : {}, interrupted: 0, notReported: ds.filter((d) => d.id === MEDIA_MISSING).length };
    };
    const alertDay = `period=day&date=${DAY[4]}&category=alert`;
    const alertCoverage = await waitFor(async () => {
      const r = await api.get(`/api/reports/coverage?${alertDay}&regionCode=${COUNTY}`);
      return r.body?.totals?.aired === 15 && r.body?.totals?.failed === 2 ? r.body : null;
    }, 30_000, () => 'alert outcomes not in coverage');
    expect(alertCoverage.totals).toMatchObject(alertCell(townC));
    for (const [t, row] of TOWNS.map((town, i) => [i, alertCoverage.rows.find((r: any) => r.key === town.code)] as const)) {
      expect(row).toMatchObject(t === 2 ? alertCell(townC) : { planned: 0, aired: 0, failed: 0 });
    }
    const alertVillages = await get(`/api/reports/coverage?${alertDay}&regionCode=${TOWNS[2].code}`);
    for (const village of new Set(townC.map((d) => d.village))) {
      expect([village, alertVillages.rows.find((r: any) => r.key === village)]).toEqual([village, expect.objectContaining(alertCell(townC.filter((d) => d.village === village)))]);
    }

    // ── Scope and bad input ────────────────────────────────────────────────────────────────────────────────
    const admin3 = await Api.login(server!.url, 'admin');
    const townUser = await admin3.post('/api/users', { username: 'rpt-town', displayName: '甲镇报表员', password: 'Town-Reports-2027', roles: ['operator'], scopeRegionCode: TOWNS[0].code });
    expect(townUser.status).toBe(201);
    const town = await Api.login(server!.url, 'rpt-town', 'Town-Reports-2027');
    const own = await town.get(`/api/reports/coverage?${PERIOD}`);
    expect(own.status).toBe(200);
    expect(own.body.region.code).toBe(TOWNS[0].code);
    expectFigures(own.body.totals, figures(slots.filter((s) => townOf(s) === 0), logs), 'town account');
    expect((await town.get(`/api/reports/coverage?${PERIOD}&regionCode=${COUNTY}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await town.get(`/api/reports/availability?${PERIOD}&regionCode=${TOWNS[1].code}`)).status).toBe(403);
    expect((await town.get(`/api/reports/alerts/${alertId}`)).status).toBe(403);
    const bad = await api.get(`/api/reports/coverage?period=custom&from=${DAY[3]}&to=${DAY[1]}`);
    expect([bad.status, bad.body.code]).toEqual([400, 'REPORT_PERIOD_INVALID']);
    expect((await api.get('/api/reports/coverage?period=fortnight')).status).toBe(400);
    expect((await api.get('/api/reports/coverage?regionCode=510811399000')).body.code).toBe('REGION_NOT_FOUND');
    expect((await api.get('/api/reports/coverage?threshold=2')).status).toBe(400);
    expect((await api.get('/api/reports/contents/00000000-0000-0000-0000-000000000000')).body.code).toBe('CONTENT_NOT_FOUND');
  });
});
