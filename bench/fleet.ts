/**
 * `npm run bench:fleet -- --agents 10000 [--broker mosquitto] [--processes N] [--mqtt-url mqtt://…] [--broker-pid PID]` — a
 * prefecture-sized fleet against one built server, printing one JSON object:
 * - connect storm: every agent starts at a random point of `--start-window-ms` (default RECONNECT_SPREAD_MS, 10 s:
 *   how the agents come back after their server restarted; `--start-window-ms 1000` is the older agents' 0.8–1.2 s),
 *   time until all are connected and hold their retained playlist, connection attempts and failures;
 * - fan-out: one county-wide schedule, time from the API call to each agent having the new playlist;
 * - alert: one county-wide emergency broadcast, time from the server accepting it to playback on each agent
 *   (time-to-air), the share of agents whose final answer arrived;
 * - server (and embedded broker: the same process) RSS and CPU per stage, and the agent processes' CPU, which on a
 *   small machine compete with the server.
 * Agents are PlayerAgent × N (null backend, real MQTT and HTTP) spread over several child processes
 * (bench/support/fleet-worker.ts). With `--broker mosquitto` the bench starts a private Mosquitto 2 (Debian's package)
 * with dynamic security and persistence, the server provisions every device's client and role through it, and its
 * RSS and CPU are reported apart. With `--mqtt-url` (or MQTT_URL) the server and agents use that external broker;
 * `--broker-pid` (or BROKER_PID) names its process for RSS and CPU. Where a target is missed, `dominantStage` says
 * which stage took the time. BENCH_SERVER_CPU_PROF=<dir> writes a CPU profile of the server, BENCH_AGENT_CPU_PROF=<dir> of each simulation process. Progress goes to stderr.
 * - idle footprint (first, on its own server): the demo county with its simulated agents left idle for
 *   `--idle-seconds` (default 150, 0 skips it), resident memory summed over the server's process tree against the
 *   300 MB target (bench/support/idle-footprint.ts; `scripts/idle-rss.sh` is the same by hand).
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RECONNECT_SPREAD_MS } from '../player-agent/src/mqtt-link';
import { Api, approvedNotice, waitForRendition } from './support/api';
import type { FleetEvent, WorkerMessage, WorkerPlan } from './support/fleet-worker';
import { SEED_PASSWORD, startServer, stopProcess, tempDir, waitFor, type RunningServer } from './support/server-process';
import { measureIdleFootprint, type IdleFootprint } from './support/idle-footprint';
import { mosquittoInstall, startMosquitto, type RunningMosquitto } from './support/mosquitto-process';
import { rssOf, round, spread, type Rss } from './support/stats';

const TARGETS = { fanoutMaxMs: 5_000, alertMaxMs: 2_000, ackedShare: 1, connectionFailuresAfterRetries: 0 };
const MAX_AGENTS = 20_000;
const AGENTS_PER_PROCESS = 2_500;
const REGISTER_CHUNK = 2_000;
const MOSQUITTO_REGISTER_CHUNK = 250;
const STORM_DEADLINE_MS = 300_000;
const FANOUT_DEADLINE_MS = 120_000;
const ALERT_DEADLINE_MS = 60_000;
/** Agents fetch media and the alert tone with up to 10 s of jitter after a change: let that settle between stages. */
const SETTLE_MS = 12_000;
const WORKER = path.join(__dirname, 'support', 'fleet-worker.js');
const CLOCK_TICKS_PER_SECOND = 100;

const progress = (msg: string): void => void process.stderr.write(`[bench:fleet] ${msg}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Options {
  agents: number;
  /** 'mosquitto': a private Mosquitto 2 with dynamic security, started by the bench (the server provisions devices). */
  broker: 'embedded' | 'mosquitto';
  processes: number;
  startWindowMs: number;
  mqttUrl: string | null;
  brokerPid: number | null;
  idleSeconds: number;
}

function parseOptions(argv: string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer ${min}–${max}, got "${raw}"`);
    return n;
  };
  const agents = int('agents', 1_000, 1, MAX_AGENTS);
  const broker = get('broker') ?? 'embedded';
  if (broker !== 'embedded' && broker !== 'mosquitto') throw new Error(`--broker must be embedded or mosquitto, got "${broker}"`);
  const mqttUrl = get('mqtt-url') ?? process.env.MQTT_URL ?? null;
  const pid = get('broker-pid') ?? process.env.BROKER_PID;
  return {
    agents,
    broker,
    processes: int('processes', Math.max(2, Math.ceil(agents / AGENTS_PER_PROCESS)), 1, 64),
    startWindowMs: int('start-window-ms', RECONNECT_SPREAD_MS, 0, 600_000),
    mqttUrl,
    brokerPid: pid === undefined ? null : Number(pid),
    idleSeconds: int('idle-seconds', 150, 0, 3_600),
  };
}

/** utime + stime of a process in seconds, from /proc (Linux); null once it has gone. */
function cpuSecondsOf(pid: number | undefined | null): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU used by a set of processes over a stage, as a share of one core (1.0 = one core busy throughout). */
class CpuMeter {
  private readonly start: Array<number | null>;
  private readonly startMs = Date.now();
  constructor(private readonly pids: Array<number | undefined | null>) {
    this.start = pids.map(cpuSecondsOf);
  }
  read(): { cpuSeconds: number; cores: number } | null {
    const now = this.pids.map(cpuSecondsOf);
    if (now.some((v, i) => v === null || this.start[i] === null)) return null;
    const cpuSeconds = now.reduce<number>((s, v, i) => s + (v! - this.start[i]!), 0);
    return { cpuSeconds: round(cpuSeconds, 2), cores: round(cpuSeconds / ((Date.now() - this.startMs) / 1000), 2) };
  }
}

/** Everything the workers reported, indexed by device. */
class FleetLog {
  readonly attempts = new Map<string, number>();
  readonly failures = new Map<string, number>();
  readonly firstConnected = new Map<string, number>();
  readonly playlists = new Map<string, Array<{ t: number; version: string; items: number }>>();
  readonly plays = new Map<string, Map<string, number>>();
  /** Per device: when it accepted each alert and whether it held the tone then. */
  readonly alerts = new Map<string, Map<string, { t: number; toneAtHand: boolean }>>();
  readonly warnings = new Map<string, number>();

  add(e: FleetEvent): void {
    switch (e.k) {
      case 'attempt':
        this.attempts.set(e.id, (this.attempts.get(e.id) ?? 0) + 1);
        break;
      case 'failed':
        this.failures.set(e.id, (this.failures.get(e.id) ?? 0) + 1);
        break;
      case 'connected':
        if (!this.firstConnected.has(e.id)) this.firstConnected.set(e.id, e.t);
        break;
      case 'playlist': {
        const list = this.playlists.get(e.id) ?? [];
        list.push({ t: e.t, version: e.version, items: e.items });
        this.playlists.set(e.id, list);
        break;
      }
      case 'play': {
        const m = this.plays.get(e.id) ?? new Map<string, number>();
        if (!m.has(e.contentId)) m.set(e.contentId, e.t);
        this.plays.set(e.id, m);
        break;
      }
      case 'alert': {
        const m = this.alerts.get(e.id) ?? new Map<string, { t: number; toneAtHand: boolean }>();
        if (!m.has(e.alertId)) m.set(e.alertId, { t: e.t, toneAtHand: e.toneAtHand });
        this.alerts.set(e.id, m);
        break;
      }
      case 'warn':
        this.warnings.set(e.msg, (this.warnings.get(e.msg) ?? 0) + 1);
        break;
    }
  }

  sum(m: Map<string, number>): number {
    let n = 0;
    for (const v of m.values()) n += v;
    return n;
  }
}

class Workers {
  readonly procs: ChildProcess[] = [];
  readonly log = new FleetLog();

  start(plans: WorkerPlan[], dir: string): Promise<void> {
    const ready = plans.map((plan, i) => {
      const file = path.join(dir, `worker-${i}.json`);
      fs.writeFileSync(file, JSON.stringify(plan));
      // BENCH_AGENT_CPU_PROF=<dir>: CPU profiles of the simulation processes (they share the machine with the server).
      const profDir = process.env.BENCH_AGENT_CPU_PROF;
      const execArgv = profDir ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${profDir}`] : process.execArgv;
      const proc = fork(WORKER, [file], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
      this.procs.push(proc);
      return new Promise<void>((resolve, reject) => {
        proc.on('message', (m: WorkerMessage) => {
          if (m.type === 'ready') resolve();
          if (m.type === 'events') for (const e of m.events) this.log.add(e);
        });
        proc.once('exit', (code) => reject(new Error(`fleet worker ${i} exited (${code})`)));
      });
    });
    return Promise.all(ready).then(() => undefined);
  }

  go(): void {
    for (const p of this.procs) p.send({ type: 'go' });
  }

  pids(): Array<number | undefined> {
    return this.procs.map((p) => p.pid);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.procs.map(async (p) => {
        if (p.exitCode !== null) return;
        const gone = new Promise<void>((r) => p.once('exit', () => r()));
        p.send({ type: 'stop' });
        await Promise.race([gone, sleep(30_000).then(() => stopProcess(p, 5_000))]);
      }),
    );
  }
}

/** Registers the fleet over the bulk CSV endpoint (one transaction per chunk) and returns each device's token. */
async function registerFleet(operator: Api, token: string, n: number, villages: string[], chunk: number): Promise<Array<{ deviceId: string; token: string }>> {
  const out: Array<{ deviceId: string; token: string }> = [];
  for (let from = 0; from < n; from += chunk) {
    if (from > 0) progress(`  ${from} registered`);
    const rows = ['name,kind,regionCode,tags,id'];
    for (let i = from; i < Math.min(n, from + chunk); i++) rows.push(`模拟喇叭 ${i + 1},speaker,${villages[i % villages.length]},fleet,fleet-${i + 1}`);
    const res = await fetch(`${operator.baseUrl}/api/devices/bulk`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: rows.join('\n') });
    const text = await res.text();
    if (res.status !== 201 && res.status !== 200) throw new Error(`bulk registration → ${res.status} ${text.slice(0, 500)}`);
    for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/).slice(1)) {
      const cols = line.split(',');
      if (cols.length >= 5) out.push({ deviceId: cols[0], token: cols[cols.length - 1] });
    }
  }
  if (out.length !== n) throw new Error(`registered ${out.length} devices, expected ${n}`);
  return out;
}

function resources(server: RunningServer, brokerPid: number | null): { server: Rss | null; broker: Rss | null | 'embedded (in the server process)' } {
  return { server: rssOf(server.proc.pid), broker: brokerPid ? rssOf(brokerPid) : 'embedded (in the server process)' };
}

/** The stage with the most time; null when every target of the stage was met. */
function dominant(met: boolean, stages: Record<string, number | null>): string | null {
  if (met) return null;
  const known = Object.entries(stages).filter((e): e is [string, number] => e[1] !== null && Number.isFinite(e[1]));
  return known.sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

async function loginToken(url: string, username: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: SEED_PASSWORD }) });
  return ((await r.json()) as { token: string }).token;
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const shm = '/dev/shm';
  const root = fs.existsSync(shm) ? fs.mkdtempSync(path.join(shm, 'sunshine-bench-fleet-')) : tempDir('fleet');
  let idleFootprint: IdleFootprint | { skipped: true } | { error: string } = { skipped: true };
  if (opts.idleSeconds > 0) {
    progress(`idle footprint: the demo county with its simulated agents, left alone for ${opts.idleSeconds} s`);
    idleFootprint = await measureIdleFootprint(opts.idleSeconds).catch((err: Error) => ({ error: err.message }));
    progress(`idle footprint: ${'totalMb' in idleFootprint ? `${idleFootprint.totalMb} MB` : JSON.stringify(idleFootprint)}`);
  }
  let mosquitto: RunningMosquitto | null = null;
  if (opts.broker === 'mosquitto') {
    const install = mosquittoInstall();
    if ('missing' in install) throw new Error(install.missing);
    mosquitto = await startMosquitto(install);
    opts.mqttUrl = mosquitto.url;
    opts.brokerPid = mosquitto.pid() ?? null;
    progress(`mosquitto (dynamic security, persistence on) on ${mosquitto.url}, pid ${opts.brokerPid}`);
  }
  progress(`starting the built server${opts.mqttUrl ? ` on the external broker ${opts.mqttUrl}` : ' with its embedded broker'}`);
  // BENCH_SERVER_CPU_PROF=<dir>: a CPU profile of the server (written when it stops), to see where a storm goes.
  const profDir = process.env.BENCH_SERVER_CPU_PROF;
  const serverEnv = mosquitto ? mosquitto.serverEnv : opts.mqttUrl ? { MQTT_URL: opts.mqttUrl } : {};
  const server = await startServer(serverEnv, { nodeArgs: profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [] }).catch(async (err: Error) => {
    await mosquitto?.stop();
    throw err;
  });
  const mqttUrl = opts.mqttUrl ?? server.mqttUrl;
  const workers = new Workers();
  try {
    const [editor, reviewer, operator, duty] = await Promise.all(['editor', 'reviewer', 'operator', 'duty'].map((u) => Api.login(server.url, u)));
    const notice = approvedNotice(editor, reviewer, {
      title: '关于开展冬季森林防火宣传的通知',
      body: '各位村民：冬季天干物燥，严禁野外用火，发现火情请立即拨打12119报警。',
      department: '应急管理局',
    }).then(async (n) => ({ ...n, rendition: await waitForRendition(editor, n.revisionId, 180_000) }));
    notice.catch(() => undefined);
    const regions = (await operator.get<Array<{ code: string; level: string }>>('/api/regions')).body;
    const villages = regions.filter((r) => r.level === 'village').map((r) => r.code);
    const countyCode = regions.find((r) => r.level === 'county')!.code;

    progress(`registering ${opts.agents} devices over ${villages.length} villages`);
    let t = Date.now();
    // On Mosquitto each request waits until the broker has every device's client and role (two dynamic-security
    // commands each, and Mosquitto 2.0 rewrites its whole JSON file after every command): smaller requests keep
    // each under the HTTP client's 300 s wait.
    const devices = await registerFleet(operator, await loginToken(server.url, 'operator'), opts.agents, villages, mosquitto ? MOSQUITTO_REGISTER_CHUNK : REGISTER_CHUNK);
    const registerMs = Date.now() - t;
    const ids = new Set(devices.map((d) => d.deviceId));
    const publicKeyPem = (await operator.get<{ publicKeyPem: string }>('/api/keys/playlist')).body.publicKeyPem;
    // Registration compiles every new device's playlist; the storm starts once the server is quiet again.
    await sleep(3_000);

    // ── connect storm
    const per = Math.ceil(devices.length / opts.processes);
    const plans: WorkerPlan[] = Array.from({ length: opts.processes }, (_, i) => ({
      devices: devices.slice(i * per, (i + 1) * per),
      serverUrl: server.url,
      mqttUrl,
      publicKeyPem,
      dataRoot: path.join(root, 'agents'),
      startWindowMs: opts.startWindowMs,
    })).filter((p) => p.devices.length > 0);
    progress(`connect storm: ${opts.agents} agents in ${plans.length} processes, all starting within ${opts.startWindowMs} ms`);
    const log = workers.log;
    await workers.start(plans, root);
    const stormStart = Date.now();
    workers.go();
    const stormServerCpu = new CpuMeter([server.proc.pid]);
    const stormAgentCpu = new CpuMeter(workers.pids());
    const stormBrokerCpu = opts.brokerPid ? new CpuMeter([opts.brokerPid]) : null;
    const ready = (): number => devices.filter((d) => log.firstConnected.has(d.deviceId) && log.playlists.has(d.deviceId)).length;
    let lastReport = 0;
    await waitFor(
      async () => {
        if (Date.now() - lastReport > 10_000) {
          lastReport = Date.now();
          progress(`  ${log.firstConnected.size} connected, ${ready()} with their playlist, ${log.sum(log.failures)} failed attempts`);
        }
        return ready() === devices.length ? true : null;
      },
      STORM_DEADLINE_MS,
      () => `${devices.length - ready()} agents not connected with their playlist after ${STORM_DEADLINE_MS} ms`,
      250,
    ).catch((err: Error) => progress(err.message));
    const connectedMs = devices.map((d) => log.firstConnected.get(d.deviceId)).filter((v): v is number => v !== undefined).map((v) => v - stormStart);
    const withPlaylistMs = devices.map((d) => log.playlists.get(d.deviceId)?.[0]?.t).filter((v): v is number => v !== undefined).map((v) => v - stormStart);
    const neverConnected = devices.length - connectedMs.length;
    const storm = {
      agents: devices.length,
      processes: plans.length,
      startWindowMs: opts.startWindowMs,
      allConnected: neverConnected === 0,
      connected: connectedMs.length,
      withPlaylist: withPlaylistMs.length,
      connectedMs: spread(connectedMs),
      connectedWithPlaylistMs: spread(withPlaylistMs),
      attempts: log.sum(log.attempts),
      failedAttempts: log.sum(log.failures),
      agentsThatRetried: log.failures.size,
      failuresAfterRetries: neverConnected,
      serverCpu: stormServerCpu.read(),
      brokerCpu: stormBrokerCpu?.read() ?? null,
      agentProcessesCpu: stormAgentCpu.read(),
      rssMb: resources(server, opts.brokerPid),
    };
    progress(`connect storm: ${storm.connected}/${storm.agents} connected, all with playlist after ${storm.connectedWithPlaylistMs.max} ms`);
    await sleep(SETTLE_MS);

    // ── fan-out
    const { contentId } = await notice;
    const initial = new Map(devices.map((d) => [d.deviceId, log.playlists.get(d.deviceId)?.at(-1)?.version ?? '']));
    progress('fan-out: one schedule for the whole county');
    const fanServerCpu = new CpuMeter([server.proc.pid]);
    const fanBrokerCpu = opts.brokerPid ? new CpuMeter([opts.brokerPid]) : null;
    const fanAgentCpu = new CpuMeter(workers.pids());
    const t0 = Date.now();
    const created = await editor.must<{ targetedDevices: string[] }>('/api/schedules', { contentId, targets: { regionCodes: [countyCode] }, times: ['12:00'] }, 201);
    const apiMs = Date.now() - t0;
    const fresh = (id: string): number | undefined => log.playlists.get(id)?.find((r) => r.t >= t0 && r.version !== initial.get(id))?.t;
    await waitFor(async () => (devices.every((d) => fresh(d.deviceId) !== undefined) ? true : null), FANOUT_DEADLINE_MS, () => 'fan-out incomplete', 250).catch((err: Error) =>
      progress(err.message),
    );
    const fanLat = devices.map((d) => fresh(d.deviceId)).filter((v): v is number => v !== undefined).map((v) => v - t0);
    const fan = spread(fanLat);
    const fanMet = fanLat.length === devices.length && fan.max <= TARGETS.fanoutMaxMs;
    const fanout = {
      targetedDevices: created.targetedDevices.length,
      received: fanLat.length,
      apiResponseMs: apiMs,
      toAgentMs: fan,
      withinTarget: fanMet,
      // The stages on the way to the last agent. The API answers after the plan of record is written too, which
      // can end after every agent has its playlist: its time is apiResponseMs, not a stage of the fan-out.
      stagesMs: { 'compile + sign until the first agent has it': Math.min(...fanLat), 'publish and delivery spread (first → last agent)': fan.max - Math.min(...fanLat) },
      dominantStage: null as string | null,
      serverCpu: fanServerCpu.read(),
      brokerCpu: fanBrokerCpu?.read() ?? null,
      agentProcessesCpu: fanAgentCpu.read(),
      rssMb: resources(server, opts.brokerPid),
    };
    fanout.dominantStage = dominant(fanMet, fanout.stagesMs);
    progress(`fan-out: ${fanLat.length} agents, max ${fan.max} ms`);
    await sleep(SETTLE_MS);

    // ── alert
    // A stage that fails (the server overloaded or gone) is reported in the JSON with what was measured before it.
    const { alertMet, alertResult } = await alertStage(duty, devices, ids, log, countyCode, server, workers, opts.brokerPid).catch((err: Error) => ({
      alertMet: false,
      alertResult: { error: err.message, serverExitCode: server.proc.exitCode, serverSignal: server.proc.signalCode, serverOutputTail: server.output().slice(-2_000) } as Record<string, unknown>,
    }));

    const stormMet = storm.failuresAfterRetries === TARGETS.connectionFailuresAfterRetries && storm.withPlaylist === devices.length;
    const result = {
      bench: 'fleet',
      agents: opts.agents,
      broker: mosquitto
        ? { kind: 'mosquitto 2 (dynamic security, persistence on; started by the bench)', url: mosquitto.url, pid: opts.brokerPid }
        : opts.mqttUrl
          ? { kind: 'external', url: opts.mqttUrl.replace(/\/\/[^@/]*@/, '//***@'), pid: opts.brokerPid }
          : { kind: 'embedded (aedes, in the server process)' },
      machine: { cpus: os.cpus().length, loadAverage1m: round(os.loadavg()[0], 2), node: process.version, agentData: root.startsWith(shm) ? 'tmpfs' : 'disk' },
      idleFootprint,
      registerMs,
      connectStorm: { ...storm, withinTarget: stormMet, dominantStage: stormMet ? null : stormDominant(storm) },
      fanout,
      alert: alertResult,
      agentWarnings: Object.fromEntries([...log.warnings.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10)),
      targets: TARGETS,
      targetsMet: { connectStorm: stormMet, fanout: fanMet, alert: alertMet },
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    progress('stopping');
    await workers.stop();
    await server.stop();
    await mosquitto?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** One county-wide emergency broadcast: time-to-air on each agent, acknowledgements, and which stage took the time. */
async function alertStage(duty: Api, devices: Array<{ deviceId: string }>, ids: Set<string>, log: FleetLog, countyCode: string, server: RunningServer, workers: Workers, brokerPid: number | null) {
  progress('alert: county-wide emergency broadcast');
  const alertServerCpu = new CpuMeter([server.proc.pid]);
  const alertBrokerCpu = brokerPid ? new CpuMeter([brokerPid]) : null;
  const alertAgentCpu = new CpuMeter(workers.pids());
  const requestedAt = Date.now();
  const sent = await duty.post<{ id: string; createdAt: string; publishLatencyMs: number; targetedDevices: number }>('/api/alerts', {
    text: '栖凤区人民政府紧急通知：上游水库泄洪，请沿河群众立即转移到高处。',
    regionCodes: [countyCode],
    level: 1,
    repeat: 1,
  });
  const answeredAt = Date.now();
  if (sent.status !== 201) throw new Error(`POST /api/alerts → ${sent.status} ${JSON.stringify(sent.body)}`);
  const alert = sent.body;
  const acceptedAt = Date.parse(alert.createdAt);
  let states: Record<string, number> = {};
  let allFinalMs: number | null = null;
  const deadline = Date.now() + ALERT_DEADLINE_MS;
  while (Date.now() < deadline) {
    const rows = (await duty.get<Array<{ deviceId: string; state: string }>>(`/api/alerts/${alert.id}/devices`)).body.filter((r) => ids.has(r.deviceId));
    states = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.state]: (acc[r.state] ?? 0) + 1 }), {});
    if (rows.length === devices.length && rows.every((r) => ['success', 'failed', 'cancelled'].includes(r.state))) {
      allFinalMs = Date.now() - acceptedAt;
      break;
    }
    await sleep(500);
  }
  const air = devices.map((d) => log.plays.get(d.deviceId)?.get(alert.id)).filter((v): v is number => v !== undefined).map((v) => v - acceptedAt);
  const accepted = devices.map((d) => log.alerts.get(d.deviceId)?.get(alert.id)).filter((v): v is { t: number; toneAtHand: boolean } => v !== undefined);
  const deliveredMs = accepted.map((a) => a.t - acceptedAt);
  // Accepted → on air, per device: the agent's own part (tone lookup, pausing the schedule), or the tone's download.
  const onAirAfterAccept = devices.flatMap((d) => {
    const a = log.alerts.get(d.deviceId)?.get(alert.id);
    const p = log.plays.get(d.deviceId)?.get(alert.id);
    return a && p !== undefined ? [p - a.t] : [];
  });
  const airSpread = spread(air);
  const finals = (states.success ?? 0) + (states.failed ?? 0) + (states.cancelled ?? 0);
  const ackedShare = round(finals / devices.length, 4);
  const alertMet = air.length === devices.length && airSpread.max <= TARGETS.alertMaxMs && ackedShare === 1;
  const publishMs = alert.publishLatencyMs;
  const alertResult = {
    targetedDevices: alert.targetedDevices,
    apiResponseMs: answeredAt - requestedAt,
    timeToAirMs: airSpread,
    agentsAired: air.length,
    /** Server accepted → the agent verified and accepted the alert message. */
    deliveredMs: spread(deliveredMs),
    /** Agent accepted → tone on air. */
    acceptedToAirMs: spread(onAirAfterAccept),
    agentsWithToneAtHand: accepted.filter((a) => a.toneAtHand).length,
    ackedShare,
    allFinalAckMs: allFinalMs,
    states,
    withinTarget: alertMet,
    stagesMs: {
      'server accept → publish (speech render, sign, publish)': publishMs,
      'publish → last agent has the message (broker delivery, agents verifying)': deliveredMs.length > 0 ? Math.max(...deliveredMs) - publishMs : null,
      'agent accepted → on air, slowest agent (tone at hand or fetched, schedule paused)': onAirAfterAccept.length > 0 ? Math.max(...onAirAfterAccept) : null,
    },
    dominantStage: null as string | null,
    serverCpu: alertServerCpu.read(),
    brokerCpu: alertBrokerCpu?.read() ?? null,
    agentProcessesCpu: alertAgentCpu.read(),
    rssMb: resources(server, brokerPid),
  };
  alertResult.dominantStage = dominant(alertMet, alertResult.stagesMs);
  return { alertMet, alertResult };
}

/** In a storm the cost is CPU: say whose (on a 2-core machine the simulated agents compete with the server). */
function stormDominant(s: { serverCpu: { cores: number } | null; agentProcessesCpu: { cores: number } | null; brokerCpu: { cores: number } | null }): string {
  const shares: Record<string, number> = {
    'server (authentication, state writes, retained delivery)': s.serverCpu?.cores ?? 0,
    'simulated agents (TLS-free MQTT clients, signature checks, files)': s.agentProcessesCpu?.cores ?? 0,
    'external broker': s.brokerCpu?.cores ?? 0,
  };
  return Object.entries(shares).sort((a, b) => b[1] - a[1])[0][0];
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench:fleet failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
