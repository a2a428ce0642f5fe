/**
 * `npm run bench:playlist` — prints one JSON object:
 * - compile: the pure compiler over a synthetic county (10,000 devices × 200 schedules, 7-day horizon), against
 *   the unavoidable part (canonical JSON + sha256 of the same playlists), a one-schedule compile, and the plain
 *   reference compiler on a sample of devices (scaled up; its output must be identical);
 * - fanout: the built server, 1,000 simulated agents in one process, one schedule for the whole county: time from
 *   the API call until every agent logged the new playlist, against a raw MQTT QoS 1 publish of a same-size payload
 *   to 1,000 plain subscribers on the same broker (no compile, signing or verification).
 * Progress goes to stderr; everything runs on loopback and is stopped at the end. `-- --only compile` or
 * `-- --only fanout` runs one half. Agent warnings are counted by message and by underlying error
 * (agentWarningCauses); BENCH_AGENT_PROBLEMS=<file> keeps their lines, BENCH_SIM_CPU_PROF=<dir> profiles the
 * simulation process.
 */
import { canonicalize, createPlaylistCompiler, topics, type CompileResult, type ScheduleSpec } from '@sunshine/playlists';
import { connectAsync, type MqttClient } from 'mqtt';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { loginFleetApi, prepareFleet, simArgs, simScriptPath, type FleetDevice } from '../player-agent/src/sim-fleet';
import { AgentLogs } from './support/agent-logs';
import { Api, approvedNotice, devicePlaylist, waitForRendition } from './support/api';
import { SEED_PASSWORD, startServer, tempDir, waitFor } from './support/server-process';
import { referenceCompilePlaylist } from '../playlists/src/compiler/reference-compile-playlist';
import { rssOf, round, spread, type Spread } from './support/stats';
import { HORIZON_MS, NOW_MS, syntheticCounty, TIMEZONE } from './support/synthetic-county';

const COMPILE_TARGET_MS = 5_000;
/** Devices compiled by the plain reference compiler too: its time, scaled up, and whether the output is identical. */
const REFERENCE_SAMPLE = 500;
const AGENTS = 1_000;
/** Parallel MQTT connects for the raw baseline; each one is a token check on the server. */
const CONNECT_CONCURRENCY = 50;
const SERVER_MQTT_USERNAME = 'sunshine-server';

const progress = (msg: string): void => void process.stderr.write(`[bench:playlist] ${msg}\n`);

function compileBench(): Record<string, unknown> {
  progress('compile: building the synthetic county');
  const county = syntheticCounty();
  // One compiler per run, as the server does: what does not depend on the device is shared between devices.
  const compileAll = (schedules: ScheduleSpec[]): CompileResult[] => {
    const compiler = createPlaylistCompiler({ schedules, nowMs: NOW_MS, horizonMs: HORIZON_MS, timezone: TIMEZONE });
    return county.devices.map((device) => compiler.compile(device, county.media[device.profile]));
  };

  progress(`compile: ${county.devices.length} devices × ${county.schedules.length} schedules`);
  let t = performance.now();
  const cpu = process.cpuUsage();
  const results = compileAll(county.schedules);
  const compileMs = performance.now() - t;
  // CPU time is less skewed than wall time when the machine is shared.
  const { user, system } = process.cpuUsage(cpu);
  const compileCpuMs = (user + system) / 1000;

  // What any publisher must do with the same playlists: serialise canonically and hash (signing hashes the same bytes).
  t = performance.now();
  const sizes = results.map((r) => {
    const json = canonicalize(r.playlist);
    createHash('sha256').update(json).digest();
    return Buffer.byteLength(json);
  });
  const baselineMs = performance.now() - t;

  // For scale: the same with the runtime's native (non-canonical) serialiser.
  t = performance.now();
  for (const r of results) createHash('sha256').update(JSON.stringify(r.playlist)).digest();
  const stringifyMs = performance.now() - t;

  const countyWide = county.schedules.find((s) => s.targets.regionCodes?.includes(county.county))!;
  t = performance.now();
  compileAll([countyWide]);
  const oneScheduleMs = performance.now() - t;

  // The straightforward compiler (every device recomputes everything) on an evenly spread sample.
  progress(`compile: reference compiler on ${REFERENCE_SAMPLE} devices`);
  const step = Math.floor(county.devices.length / REFERENCE_SAMPLE);
  const sample = Array.from({ length: REFERENCE_SAMPLE }, (_, i) => i * step);
  t = performance.now();
  const reference = sample.map((i) => {
    const device = county.devices[i];
    return referenceCompilePlaylist({ device, schedules: county.schedules, media: county.media[device.profile], nowMs: NOW_MS, horizonMs: HORIZON_MS, timezone: TIMEZONE });
  });
  const referenceMs = performance.now() - t;
  const referenceIdentical = sample.every((i, k) => JSON.stringify(results[i]) === JSON.stringify(reference[k]));
  const referenceEstimateMs = (referenceMs / REFERENCE_SAMPLE) * county.devices.length;

  const conflicts: Record<string, number> = {};
  for (const r of results) for (const c of r.conflicts) conflicts[c.kind] = (conflicts[c.kind] ?? 0) + 1;
  const kinds: Record<string, number> = {};
  for (const d of county.devices) kinds[d.kind] = (kinds[d.kind] ?? 0) + 1;
  const pick = ({ p50, max }: Spread): { p50: number; max: number } => ({ p50, max });
  return {
    devices: county.devices.length,
    deviceKinds: kinds,
    regions: { towns: county.towns.length, villages: county.villages.length, example: county.villages[county.villages.length - 1] },
    schedules: county.schedules.length,
    scheduleMix: county.mix,
    horizonDays: HORIZON_MS / 86_400_000,
    compileMs: round(compileMs),
    compileCpuMs: round(compileCpuMs),
    perDeviceMs: round(compileMs / county.devices.length, 3),
    targetMs: COMPILE_TARGET_MS,
    withinTarget: compileMs <= COMPILE_TARGET_MS,
    baseline: 'canonical JSON + sha256 of the same 10,000 playlists',
    baselineMs: round(baselineMs),
    ratio: round(compileMs / baselineMs, 2),
    stringifySha256Ms: round(stringifyMs),
    reference: `plain compiler (no sharing between devices) on ${REFERENCE_SAMPLE} of the devices, scaled to all`,
    referenceSampleMs: round(referenceMs),
    referenceEstimateMs: round(referenceEstimateMs),
    speedupOverReference: round(referenceEstimateMs / compileMs, 1),
    identicalToReference: referenceIdentical,
    oneScheduleMs: round(oneScheduleMs),
    itemsPerPlaylist: pick(spread(results.map((r) => r.playlist.items.length))),
    loopPerPlaylist: pick(spread(results.map((r) => r.playlist.loop.length))),
    playlistBytes: pick(spread(sizes)),
    conflicts,
  };
}

async function fanoutBench(): Promise<Record<string, unknown>> {
  const brokerSecret = randomBytes(24).toString('base64url');
  progress('fan-out: starting the built server');
  const server = await startServer({ MQTT_PASSWORD: brokerSecret });
  const simDir = tempDir('sim');
  let sim: AgentLogs | null = null;
  try {
    const [editor, reviewer, operator] = await Promise.all(['editor', 'reviewer', 'operator'].map((u) => Api.login(server.url, u)));
    // The notice renders while the devices register; it must be ready before the measured schedule.
    const notice = approvedNotice(editor, reviewer, {
      title: '关于春季森林防火的通告',
      body: '各位村民：清明前后是森林火灾高发期，严禁上坟烧纸、燃放鞭炮，发现火情请立即拨打12119报警。',
      department: '应急管理局',
    }).then(async (n) => ({ ...n, rendition: await waitForRendition(editor, n.revisionId, 120_000) }));
    notice.catch(() => undefined); // awaited below; keeps an early failure from being "unhandled" meanwhile

    const regions = (await operator.get<Array<{ code: string; level: string }>>('/api/regions')).body;
    const villages = regions.filter((r) => r.level === 'village').map((r) => r.code);
    const countyCode = regions.find((r) => r.level === 'county')!.code;
    progress(`fan-out: registering ${AGENTS} devices over ${villages.length} villages`);
    let t = Date.now();
    const fleet = await prepareFleet(
      { count: AGENTS, serverUrl: server.url, regionCodes: villages, kind: 'speaker', dataDir: simDir },
      await loginFleetApi(server.url, 'operator', SEED_PASSWORD),
    );
    const registerMs = Date.now() - t;

    progress(`fan-out: starting ${AGENTS} simulated agents in one process`);
    t = Date.now();
    // BENCH_SIM_CPU_PROF=<dir>: profile the simulation process (Node refuses --cpu-prof in NODE_OPTIONS).
    const profDir = process.env.BENCH_SIM_CPU_PROF;
    const simArgv = simArgs(fleet.files, { serverUrl: server.url, mqttUrl: server.mqttUrl });
    const agents = profDir
      ? new AgentLogs('--cpu-prof', [`--cpu-prof-dir=${profDir}`, simScriptPath(), ...simArgv])
      : new AgentLogs(simScriptPath(), simArgv);
    sim = agents;
    await agents.until(() => agents.withPlaylist() === AGENTS, 120_000, 'every agent has its initial playlist');
    const initial = new Map(fleet.devices.map((d) => [d.deviceId, agents.playlists.get(d.deviceId)!.at(-1)!]));
    const allInitialMs = Math.max(...[...initial.values()].map((r) => r.timeMs)) - t;
    const { contentId, rendition } = await notice;
    const idleRss = rssOf(agents.proc.pid);

    progress('fan-out: one schedule for the whole county');
    const t0 = Date.now();
    const created = await editor.must<{ targetedDevices: string[] }>('/api/schedules', { contentId, targets: { regionCodes: [countyCode] }, times: ['12:00'] }, 201);
    const apiMs = Date.now() - t0;
    const received = (d: FleetDevice) => agents.newPlaylist(d.deviceId, initial.get(d.deviceId)!.version, t0);
    await agents.until(() => fleet.devices.every(received), 120_000, 'every agent has the new playlist');
    const latencies = fleet.devices.map((d) => received(d)!.timeMs - t0);
    await agents.until(() => fleet.devices.every((d) => agents.mediaReady(d.deviceId, rendition.sha256)), 180_000, 'every agent has the new media');
    const mediaLatencies = fleet.devices.map((d) => agents.mediaReady(d.deviceId, rendition.sha256)!.timeMs - t0);
    const agentRss = rssOf(agents.proc.pid);
    const serverRss = rssOf(server.proc.pid);
    const envelopeBytes = Buffer.byteLength(JSON.stringify((await devicePlaylist(operator, fleet.devices[0].deviceId)).envelope));
    const problems = agents.problems.length;
    // Which warnings, by message (the agents log JSON lines), so a bad run says what went wrong.
    const warningKinds: Record<string, number> = {};
    const warningCauses: Record<string, number> = {};
    for (const line of agents.problems) {
      const msg = parseProblem(line);
      warningKinds[msg] = (warningKinds[msg] ?? 0) + 1;
      const cause = problemCause(line);
      if (cause) warningCauses[cause] = (warningCauses[cause] ?? 0) + 1;
    }
    if (process.env.BENCH_AGENT_PROBLEMS) fs.writeFileSync(process.env.BENCH_AGENT_PROBLEMS, agents.problems.join('\n') + '\n');

    progress('fan-out: stopping the agents; raw MQTT baseline');
    await agents.stop();
    sim = null;
    const baseline = await rawMqttFanout(server.mqttUrl, brokerSecret, fleet.devices, envelopeBytes);
    const fanout = spread(latencies);
    return {
      agents: AGENTS,
      agentProcesses: 1,
      targetedDevices: created.targetedDevices.length,
      registerMs,
      allInitialPlaylistsMs: allInitialMs,
      playlistEnvelopeBytes: envelopeBytes,
      apiMs,
      fanoutMs: { ...fanout, all: fanout.max },
      mediaSyncedMs: spread(mediaLatencies),
      mediaBytes: rendition.size,
      agentRss: agentRss && idleRss && {
        idleMb: idleRss.mb,
        mb: agentRss.mb,
        peakMb: agentRss.peakMb,
        perAgentMb: round(agentRss.mb / AGENTS, 3),
        peakPerAgentMb: round(agentRss.peakMb / AGENTS, 3),
      },
      serverRss,
      agentWarnings: problems,
      agentWarningKinds: warningKinds,
      agentWarningCauses: warningCauses,
      baseline: 'raw MQTT QoS 1 publish of a same-size payload to 1,000 plain mqtt.js subscribers, same broker, no compile/sign/verify',
      baselineFanoutMs: baseline.latency,
      baselinePublishAckMs: baseline.publishAckMs,
      ratio: round(fanout.max / baseline.latency.max, 1),
    };
  } finally {
    await sim?.stop();
    await server.stop();
    fs.rmSync(simDir, { recursive: true, force: true });
  }
}

function parseProblem(line: string): string {
  try {
    const rec = JSON.parse(line) as { msg?: unknown; code?: unknown };
    return [rec.msg, rec.code].filter((v) => typeof v === 'string').join(' ') || line.slice(0, 80);
  } catch {
    return line.slice(0, 80);
  }
}

/** The underlying error of a warning (digits masked so the same cause groups together), or null. */
function problemCause(line: string): string | null {
  try {
    const rec = JSON.parse(line) as { msg?: unknown; error?: unknown };
    const error = typeof rec.error === 'string' ? rec.error : (rec.error as { message?: unknown } | undefined)?.message;
    return typeof error === 'string' ? `${String(rec.msg)}: ${error.replace(/[0-9a-f]{64}/g, '<sha>').replace(/\d+/g, 'N').slice(0, 120)}` : null;
  } catch {
    return null;
  }
}

/** Same broker, same device identities and topics, a payload of the same size: only transport is left. */
async function rawMqttFanout(url: string, brokerSecret: string, devices: FleetDevice[], bytes: number): Promise<{ latency: Spread; publishAckMs: number }> {
  const arrived = new Map<string, number>();
  const subscribers: MqttClient[] = [];
  let publisher: MqttClient | null = null;
  try {
    for (let i = 0; i < devices.length; i += CONNECT_CONCURRENCY) {
      const batch = devices.slice(i, i + CONNECT_CONCURRENCY);
      subscribers.push(
        ...(await Promise.all(
          batch.map(async (d) => {
            const client = await connectAsync(url, { clientId: d.deviceId, username: d.deviceId, password: d.token, clean: true, reconnectPeriod: 0 });
            client.on('message', (_topic, _payload, packet) => {
              // The server's retained playlist arrives on subscribe; only the live publish counts.
              if (!packet.retain && !arrived.has(d.deviceId)) arrived.set(d.deviceId, Date.now());
            });
            await client.subscribeAsync(topics.playlist(d.deviceId), { qos: 1 });
            return client;
          }),
        )),
      );
    }
    publisher = await connectAsync(url, { clientId: `bench-raw-${randomBytes(4).toString('hex')}`, username: SERVER_MQTT_USERNAME, password: brokerSecret, clean: true, reconnectPeriod: 0 });
    const payload = Buffer.alloc(bytes, 'x');
    const t0 = Date.now();
    await Promise.all(devices.map((d) => publisher!.publishAsync(topics.playlist(d.deviceId), payload, { qos: 1 })));
    const publishAckMs = Date.now() - t0;
    await waitFor(async () => (arrived.size === devices.length ? true : null), 60_000, () => `raw baseline: ${arrived.size}/${devices.length} received`, 10);
    return { latency: spread([...arrived.values()].map((at) => at - t0)), publishAckMs };
  } finally {
    await Promise.all([...subscribers, ...(publisher ? [publisher] : [])].map((c) => c.endAsync(true)));
  }
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const loadAverage = os.loadavg();
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const compile = only === 'fanout' ? undefined : compileBench();
  const fanout = only === 'compile' ? undefined : await fanoutBench();
  const result = {
    bench: 'playlist',
    // Other work on the machine skews every figure: the load average says how much there was.
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAverageAtStart: loadAverage.map((l) => round(l, 2)) },
    compile,
    fanout,
    totalMs: Date.now() - startedAt,
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

main().catch((err: Error) => {
  process.stderr.write(`[bench:playlist] failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
