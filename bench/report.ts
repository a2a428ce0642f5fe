/**
 * `npm run bench:report` — prints one JSON object:
 * 1. ingest: play-log events per second as agents send them (batches of 50 over MQTT, QoS 1, from many device
 *    connections at once) until the server acknowledged every batch (stored, counted for reports);
 * 2. a quarter of data for 2,000 devices × 30 airings a day (≈ 5.5 M plan rows, airings and play logs, written
 *    straight into the SQLite file the server then reopens): the coverage report for the county by town and for
 *    one town by village, and one content's reach, timed over HTTP (median of 3 after a warm-up); compared with a
 *    naive GROUP BY over the raw play-log table joined to devices (for coverage and for the content), in the same
 *    run; and the database size. Content reach reads the reach rollups (built with the closed days' rollups).
 * 3. the county's quarter downloaded as XLSX and as the PDF 通报, and a town's as XLSX (first call and median).
 * Targets (issue #10): ingest ≥ 10,000 events/s; coverage ≤ 1 s each; content reach ≤ 500 ms; XLSX ≤ 5 s; PDF ≤ 10 s.
 */
import mqtt, { MqttClient } from 'mqtt';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import sqlite3 from 'sqlite3';
import { Api, approvedNotice } from './support/api';
import { startServer, tempDir, waitFor, type RunningServer } from './support/server-process';
import { round } from './support/stats';

const progress = (msg: string): void => void process.stderr.write(`[bench:report] ${msg}\n`);
const COUNTY = '510811000000';
/** 2026 Q3 in Shanghai: 92 days, all in the past, so every slot is due. */
const QUARTER = { from: '2026-07-01', to: '2026-09-30', days: 92, startUtc: '2026-06-30 16:00:00' };
const CONTENTS = 10;
const BATCH = 50;

function run(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<void> {
  return new Promise((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));
}
function all<T>(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
}

async function registerDevices(url: string, operatorToken: string, count: number, villages: string[]): Promise<Array<{ id: string; token: string; regionCode: string }>> {
  const out: Array<{ id: string; token: string; regionCode: string }> = [];
  for (let start = 0; start < count; start += 500) {
    const rows = ['name,kind,regionCode,id'];
    for (let i = start; i < Math.min(count, start + 500); i++) rows.push(`报表压测喇叭${i},speaker,${villages[i % villages.length]},bench-${i}`);
    const res = await fetch(`${url}/api/devices/bulk`, { method: 'POST', body: rows.join('\n'), headers: { 'content-type': 'text/csv', authorization: `Bearer ${operatorToken}` } });
    const text = (await res.text()).replace(/^\uFEFF/, '');
    if (res.status !== 201 && res.status !== 200) throw new Error(`bulk register → ${res.status} ${text.slice(0, 500)}`);
    for (const line of text.trim().split(/\r?\n/).slice(1)) {
      const [id, , , regionCode, token] = line.split(',');
      out.push({ id, token, regionCode });
    }
  }
  return out;
}

/** Every device connection sends its share of batches back to back; done when every batch was acknowledged. */
async function ingest(server: RunningServer, devices: Array<{ id: string; token: string }>, events: number): Promise<{ events: number; seconds: number; perSecond: number }> {
  const clients: MqttClient[] = [];
  let acked = 0;
  for (const d of devices) {
    const c = await mqtt.connectAsync(server.mqttUrl, { clientId: d.id, username: d.id, password: d.token, reconnectPeriod: 0 });
    c.on('message', () => void (acked += 1));
    await c.subscribeAsync(`sunshine/v1/devices/${d.id}/command`, { qos: 1 });
    clients.push(c);
  }
  const perDevice = Math.ceil(events / devices.length / BATCH);
  const started = performance.now();
  await Promise.all(
    devices.map(async (d, di) => {
      for (let b = 0; b < perDevice; b++) {
        const playLogs = Array.from({ length: BATCH }, (_, k) => {
          const at = new Date(Date.UTC(2026, 10, 1) + (b * BATCH + k) * 60_000).toISOString();
          return { id: `ing-${d.id}-${b}-${k}`, deviceId: d.id, slotId: null, scheduleId: null, contentId: 'bench-ingest', revisionId: null, sha256: 'c'.repeat(64), startedAt: at, endedAt: at, playedMs: 20_000, outcome: 'completed' };
        });
        await clients[di].publishAsync(`sunshine/v1/devices/${d.id}/events`, JSON.stringify({ kind: 'events', deviceId: d.id, batchId: `ib-${b}`, sentAt: new Date().toISOString(), playLogs }), { qos: 1 });
      }
    }),
  );
  const batches = perDevice * devices.length;
  await waitFor(async () => (acked >= batches ? true : null), 600_000, () => `only ${acked}/${batches} batches acknowledged`, 50);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.endAsync(true)));
  const total = batches * BATCH;
  return { events: total, seconds: round(seconds, 2), perSecond: Math.round(total / seconds) };
}

/**
 * A quarter of airings, generated inside SQLite (recursive CTEs) in one transaction: plan rows first, then airings
 * and play logs of the reported ones. Bulk-load style: the secondary indexes are dropped first and rebuilt after
 * (one sort each instead of millions of random B-tree updates), rows are inserted in primary-key order, and the
 * page cache is large — the same tables the server reads, written straight, not through the API.
 */
async function fillQuarter(file: string, contentIds: string[], perDay: number, days: number): Promise<{ planned: number; seconds: number }> {
  const db = new sqlite3.Database(file);
  const started = performance.now();
  // No journal while loading (a WAL would first take a second copy of every new page; the file is the bench's own).
  await run(db, 'PRAGMA journal_mode = OFF');
  await run(db, 'PRAGMA synchronous = OFF');
  await run(db, 'PRAGMA cache_size = -1048576'); // 1 GiB
  await run(db, 'PRAGMA temp_store = MEMORY');
  const tables = ['planned_airings', 'report_airings', 'play_logs'];
  const indexes = await all<{ name: string; sql: string }>(db, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')})`, tables);
  await run(db, 'CREATE TEMP TABLE q_days AS WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n + 1 < ?) SELECT n FROM d', [days]);
  await run(db, 'CREATE TEMP TABLE q_slots AS WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n + 1 < ?) SELECT n FROM s', [perDay]);
  await run(db, 'CREATE TEMP TABLE q_contents (n INTEGER PRIMARY KEY, id TEXT)');
  for (const [i, id] of contentIds.entries()) await run(db, 'INSERT INTO q_contents VALUES (?, ?)', [i, id]);
  await run(db, 'BEGIN');
  for (const ix of indexes) await run(db, `DROP INDEX "${ix.name}"`);
  // Slots from 06:00 local every 30 minutes; content = slot mod 10; 97 % completed, 2 % media missing, 1 % unreported.
  await run(
    db,
    `INSERT INTO planned_airings (deviceId, slotId, scheduleId, contentId, revisionId, startAt, regionCode, category, department, skipReason, plannedAt, outcome, reason, playedMs, airedAt)
     SELECT v.id, 'bs-' || c.n || ':' || v.at, 'bs-' || c.n, c.id, c.id, v.at, v.regionCode, 'notice', '县医保局', NULL, v.at,
            CASE WHEN v.r < 97 THEN 'completed' WHEN v.r < 99 THEN 'failed' ELSE NULL END,
            CASE WHEN v.r >= 97 AND v.r < 99 THEN 'media-missing' ELSE NULL END,
            CASE WHEN v.r < 97 THEN 20000 ELSE 0 END,
            CASE WHEN v.r < 99 THEN v.at ELSE NULL END
     FROM (SELECT dev.id, dev.regionCode, s.n AS slot,
                  strftime('%Y-%m-%d %H:%M:%f', ?, '+' || d.n || ' days', '+' || (360 + s.n * 30) || ' minutes') AS at,
                  abs(random()) % 100 AS r
           FROM devices dev CROSS JOIN q_days d CROSS JOIN q_slots s WHERE dev.id LIKE 'bench-%') v
     JOIN q_contents c ON c.n = v.slot % ${CONTENTS}
     ORDER BY 1, 2`,
    [QUARTER.startUtc],
  );
  await run(
    db,
    `INSERT INTO report_airings (id, deviceId, regionCode, contentId, category, department, slotId, startedAt, playedMs, outcome, reason)
     SELECT 'q-' || deviceId || '-' || slotId, deviceId, regionCode, contentId, category, department, slotId, startAt, playedMs, outcome, reason
     FROM planned_airings WHERE outcome IS NOT NULL AND deviceId LIKE 'bench-%' ORDER BY 1`,
  );
  await run(
    db,
    `INSERT INTO play_logs (id, deviceId, slotId, scheduleId, contentId, revisionId, sha256, startedAt, endedAt, playedMs, outcome, reason, receivedAt)
     SELECT 'q-' || deviceId || '-' || slotId, deviceId, slotId, scheduleId, contentId, revisionId, '${'d'.repeat(64)}', startAt, startAt, playedMs, outcome, reason, startAt
     FROM planned_airings WHERE outcome IS NOT NULL AND deviceId LIKE 'bench-%' ORDER BY 1`,
  );
  for (const ix of indexes) await run(db, ix.sql);
  await run(db, 'COMMIT');
  await run(db, 'ANALYZE');
  const [{ n }] = await all<{ n: number }>(db, "SELECT COUNT(*) AS n FROM planned_airings WHERE deviceId LIKE 'bench-%'");
  await run(db, 'PRAGMA journal_mode = WAL');
  await new Promise<void>((resolve) => db.close(() => resolve()));
  return { planned: n, seconds: round((performance.now() - started) / 1000, 1) };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return round(ms.sort((a, b) => a - b)[1], 1);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { devices: { type: 'string', default: '2000' }, days: { type: 'string', default: String(QUARTER.days) }, 'per-day': { type: 'string', default: '30' }, 'ingest-events': { type: 'string', default: '100000' }, 'ingest-devices': { type: 'string', default: '200' } },
  });
  const deviceCount = Number(values.devices);
  const perDay = Number(values['per-day']);
  const days = Number(values.days);
  for (const [name, v, max] of [['devices', deviceCount, 100_000], ['days', days, QUARTER.days], ['per-day', perDay, 36]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > max) throw new Error(`--${name} must be an integer from 1 to ${max}`);
  }
  const dataDir = tempDir('report');
  progress('starting the server (demo county)…');
  let server = await startServer({}, { dataDir });
  try {
    const operator = await Api.login(server.url, 'operator');
    const regions = await operator.get<Array<{ code: string; level: string }>>('/api/regions');
    const villages = regions.body.filter((r) => r.level === 'village').map((r) => r.code);
    const operatorToken = (await new Api(server.url).post<{ token: string }>('/api/auth/login', { username: 'operator', password: 'bench-Passw0rd' })).body.token;
    progress(`registering ${deviceCount} devices in ${villages.length} villages…`);
    const devices = await registerDevices(server.url, operatorToken, deviceCount, villages);
    const editor = await Api.login(server.url, 'editor');
    const reviewer = await Api.login(server.url, 'reviewer');
    const { contentId } = await approvedNotice(editor, reviewer, { title: '医保缴费通知（压测）', body: '请于九月底前缴纳医保。', department: '县医保局' });
    const contentIds = [contentId, ...Array.from({ length: CONTENTS - 1 }, (_, i) => `bench-content-${i}`)];

    const ingestDevices = devices.slice(0, Number(values['ingest-devices']));
    progress(`ingest: ${values['ingest-events']} play-log events from ${ingestDevices.length} connections…`);
    const ingestFigures = await ingest(server, ingestDevices, Number(values['ingest-events']));
    progress(`ingest: ${ingestFigures.perSecond} events/s`);
    await server.stop();

    progress(`writing a quarter: ${deviceCount} devices × ${perDay} airings × ${days} days…`);
    const dbFile = path.join(dataDir, 'sunshine.sqlite');
    const filled = await fillQuarter(dbFile, contentIds, perDay, days);
    progress(`written ${filled.planned} plan rows in ${filled.seconds} s; restarting the server…`);
    server = await startServer({}, { dataDir });
    const admin = await Api.login(server.url, 'admin');
    const period = `period=quarter&date=${QUARTER.from}`;
    const town = villages[0].slice(0, 9) + '000';
    const must = async (route: string) => {
      const r = await admin.get<{ totals?: { planned: number } }>(route);
      if (r.status !== 200) throw new Error(`${route} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      return r.body;
    };
    // The first read builds the closed days' rollups (a real server builds them once, as days close).
    const coldStarted = performance.now();
    const countyReport = await must(`/api/reports/coverage?${period}&regionCode=${COUNTY}`);
    const coverageColdMs = round(performance.now() - coldStarted, 1);
    progress('timing the reports…');
    const coverageCountyMs = await timed(() => must(`/api/reports/coverage?${period}&regionCode=${COUNTY}`));
    const coverageTownMs = await timed(() => must(`/api/reports/coverage?${period}&regionCode=${town}`));
    const reachMs = await timed(() => must(`/api/reports/contents/${contentId}?${period}&regionCode=${COUNTY}`));
    // Downloads as an operator makes them: the county's quarter as XLSX and as the PDF 通报 (summary, tables, charts),
    // and a town's villages as XLSX. Timed to the last byte; the first call is reported too (nothing cached yet).
    const adminToken = (await new Api(server.url).post<{ token: string }>('/api/auth/login', { username: 'admin', password: 'bench-Passw0rd' })).body.token;
    const exportSizes: Record<string, number> = {};
    const download = (name: string, route: string) => async (): Promise<void> => {
      const r = await fetch(`${server.url}${route}`, { headers: { authorization: `Bearer ${adminToken}` } });
      const bytes = Buffer.from(await r.arrayBuffer());
      if (r.status !== 200 || bytes.length === 0) throw new Error(`${route} → ${r.status} ${bytes.toString('utf8', 0, 300)}`);
      exportSizes[name] = bytes.length;
    };
    const firstCall = async (fn: () => Promise<void>): Promise<number> => {
      const t = performance.now();
      await fn();
      return round(performance.now() - t, 1);
    };
    const countyXlsx = download('countyXlsx', `/api/reports/coverage/export?${period}&regionCode=${COUNTY}&format=xlsx`);
    const countyPdf = download('countyPdf', `/api/reports/coverage/export?${period}&regionCode=${COUNTY}&format=pdf`);
    const townXlsx = download('townXlsx', `/api/reports/coverage/export?${period}&regionCode=${town}&format=xlsx`);
    const exportsFirstMs = { countyXlsx: await firstCall(countyXlsx), countyPdf: await firstCall(countyPdf), townXlsx: await firstCall(townXlsx) };
    const exportsMs = { countyXlsx: await timed(countyXlsx), countyPdf: await timed(countyPdf), townXlsx: await timed(townXlsx) };
    // The naive way: GROUP BY over the raw play logs, region by joining today's devices, in the same run.
    const raw = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY);
    const naiveMs = await timed(() =>
      all(
        raw,
        `SELECT substr(d.regionCode, 1, 9) AS town, COUNT(*) AS plays, SUM(CASE WHEN l.outcome = 'completed' THEN 1 ELSE 0 END) AS completed, SUM(l.playedMs) AS ms
         FROM play_logs l JOIN devices d ON d.id = l.deviceId WHERE l.startedAt >= ? AND l.startedAt < ? GROUP BY 1`,
        [QUARTER.startUtc, '2026-09-30 16:00:00'],
      ),
    );
    // And one content's reach the naive way: its completed plays grouped per device, region by today's devices.
    const naiveReachMs = await timed(() =>
      all(
        raw,
        `SELECT d.regionCode, l.deviceId, COUNT(*) AS plays, MIN(l.startedAt) AS firstAt, MAX(l.startedAt) AS lastAt
         FROM play_logs l JOIN devices d ON d.id = l.deviceId WHERE l.contentId = ? AND l.outcome = 'completed' AND l.startedAt >= ? AND l.startedAt < ? GROUP BY 1, 2`,
        [contentId, QUARTER.startUtc, '2026-09-30 16:00:00'],
      ),
    );
    await new Promise<void>((resolve) => raw.close(() => resolve()));
    const size = ['', '-wal'].reduce((a, suffix) => a + (fs.existsSync(dbFile + suffix) ? fs.statSync(dbFile + suffix).size : 0), 0);
    const result = {
      ingest: { ...ingestFigures, connections: ingestDevices.length, batchSize: BATCH, targetPerSecond: 10_000 },
      scale: { devices: deviceCount, airingsPerDay: perDay, days, quarterDays: QUARTER.days, fullScale: deviceCount >= 2000 && perDay >= 30 && days >= QUARTER.days },
      quarter: { plannedRows: filled.planned, countyPlanned: countyReport.totals?.planned, generateSeconds: filled.seconds },
      reports: { coverageFirstReadBuildingRollupsMs: coverageColdMs, coverageCountyByTownMs: coverageCountyMs, coverageTownByVillageMs: coverageTownMs, contentReachMs: reachMs, targets: { coverageMs: 1000, reachMs: 500 } },
      exports: { medianMs: exportsMs, firstCallMs: exportsFirstMs, bytes: exportSizes, targets: { xlsxMs: 5000, pdfMs: 10_000 } },
      baseline: { naiveGroupByPlayLogsMs: naiveMs, naiveReachGroupByPlayLogsMs: naiveReachMs },
      dbSizeMb: round(size / 1024 / 1024, 1),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`[bench:report] failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
