/**
 * `npm run soak` and its CI variant: a built server, a fleet of real agent processes and simulated agents (each
 * behind its own gates), a dense schedule made through the API, and a seeded driver injecting faults. At the end
 * every fault is healed, agents send what they journalled, and the ground truth is compared with the server's
 * play logs (see soak-accounting.ts). Returns the report; bench/soak.ts prints it as JSON.
 */
import { ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { LogFields } from '../../player-agent/src/log';
import { mosquittoInstall, startMosquitto, type RunningMosquitto } from './mosquitto-process';
import { account, plannedOfRecord, reportTruth, sameFigures, type Accounting, type DeviceFacts, type RecordedPlay, type ReportFigures, type ServerPlayLog, type VerifiedPlay } from './soak-accounting';
import { planFaults, type FaultKind, type PlannedFault } from './soak-faults';
import { SoakGate } from './soak-gate';
import { DIST, SOAK_PASSWORD, SoakServer, sleep, tempDir, waitFor } from './soak-server';
import type { SoakLine, SoakWorkerMessage, SoakWorkerPlan } from './soak-worker';
import { round, spread, type Spread } from './stats';

export interface SoakOptions {
  minutes: number;
  seed: number;
  agents: number;
  /** Share of agents that are real agent processes (the rest are simulated, several per worker process). */
  realShare?: number;
  /** Simulated agents per worker process (a worker kill takes them all down at once). */
  perWorker?: number;
  graceMs?: number;
  /** Clock offsets given to a few agents, in turn (default ±90 s). */
  skewsMs?: number[];
  log?: (line: string) => void;
  /**
   * The broker: the server's embedded one (a broker restart stops and starts the server), or a real Mosquitto 2
   * with dynamic security (a broker restart stops and starts Mosquitto while the server stays up).
   */
  broker?: 'embedded' | 'mosquitto';
}

export interface SoakReport {
  broker: 'embedded' | 'mosquitto';
  seed: number;
  minutes: number;
  agents: { total: number; real: number; simulated: number; speakers: number; screens: number; skewed: Record<string, number>; fullDisk: string[]; fullDiskMode: 'tmpfs' | 'quota' };
  wallSeconds: number;
  faults: Record<string, number>;
  agentKills: { processKills: number; simulatedAgentsKilled: number; midPlay: number; midDownload: number; total: number };
  corruptedBytes: number;
  accounting: Accounting;
  /**
   * Per alert: soak devices, answers by state, devices with no answer stored — split into those the driver killed
   * after the alert went out (its restart must air or answer it: the alert stays open in its data dir) and the rest.
   * Either list non-empty fails the run (soak-verdict.ts): every device is healed and running by the end.
   */
  alerts: Array<{ alertId: string; devices: number; answered: number; byState: Record<string, number>; unanswered: string[]; unansweredKilledDuringAlert: string[] }>;
  /**
   * Per fault kind, from the heal to each affected agent's next MQTT connection; a server kill on an external broker
   * (agents stay connected there) from the server's restart to its answering healthy.
   */
  recoveryMs: Record<string, Spread & { n: number; notRecovered: number }>;
  /** The coverage report (GET /api/reports/coverage, per soak content, the soak's days) next to the ground truth. */
  reports: Array<{ contentId: string; report: ReportFigures; truth: ReportFigures; equal: boolean }> | null;
  /** Operator API calls slower than 3 s (most meet a server restart). */
  slowApiCalls: { count: number; maxMs: number; routes: string[] };
}

/** The county the soak's towns are in: the coverage report is read at this level. */
const COUNTY = '510811000000';
const TOWNS: Array<{ code: string; villages: string[] }> = [
  { code: '510811100000', villages: ['510811100001', '510811100201', '510811100202'] },
  { code: '510811101000', villages: ['510811101001', '510811101201', '510811101202'] },
  { code: '510811102000', villages: ['510811102201', '510811102202', '510811102203'] },
  { code: '510811103000', villages: ['510811103001', '510811103201', '510811103202'] },
  { code: '510811200000', villages: ['510811200201', '510811200202', '510811200203'] },
];
const ALL_DAY = [
  { from: '00:00', until: '12:00' },
  { from: '12:00', until: '00:00' },
];
const SHANGHAI_MS = 8 * 3600_000;
const SKEW_MS = 90_000;
/** The agent's media quota on the "full disk" device when no small disk can be mounted: nothing the soak renders fits. */
const FULL_DISK_QUOTA = '4096';
/** The full disk: room for the agent's state and a few journal lines, not for one media file. */
const FULL_DISK_SIZE = '64k';

/** A tiny tmpfs over the agent's data dir (needs root, as on the CI machine); false when it cannot be mounted. */
function mountFullDisk(dir: string): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${FULL_DISK_SIZE}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  } catch {
    /* not mounted */
  }
}

interface SoakAgent {
  id: string;
  kind: 'speaker' | 'tv';
  town: number;
  village: string;
  token: string;
  real: boolean;
  worker: number;
  http: SoakGate;
  mqtt: SoakGate;
  dataDir: string;
  skewMs: number;
  quota?: string;
  /** Its data dir is a tiny disk that fills up. */
  fullDisk: boolean;
  proc: ChildProcess | null;
  running: boolean;
  down: Array<[number, number]>;
  startedAt: number[];
  killedMidPlay: Set<string>;
  partitions: number;
  busy: boolean;
}

/** Operator API calls that took longer than SLOW_CALL_MS (the server restarting, or a loaded machine). */
const slowCalls: Array<{ route: string; ms: number }> = [];
const SLOW_CALL_MS = 3_000;

class Http {
  constructor(
    private readonly base: () => string,
    private readonly token?: string,
  ) {}

  static async login(base: () => string, username: string): Promise<Http> {
    const r = await new Http(base).call<{ token: string }>('POST', '/api/auth/login', { username, password: SOAK_PASSWORD });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return new Http(base, r.body.token);
  }

  /** Retries while the server is down (the soak kills it); any HTTP answer is returned as it is. */
  async call<T = any>(method: string, route: string, body?: unknown, timeoutMs = 120_000): Promise<{ status: number; body: T }> {
    const began = Date.now();
    const deadline = began + timeoutMs;
    const done = <R>(r: R): R => {
      if (Date.now() - began > SLOW_CALL_MS) slowCalls.push({ route: `${method} ${route.split('?')[0]}`, ms: Date.now() - began });
      return r;
    };
    for (;;) {
      try {
        const res = await fetch(`${this.base()}${route}`, {
          method,
          body: body === undefined ? undefined : JSON.stringify(body),
          headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        });
        const text = await res.text();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          /* not JSON */
        }
        if (res.status === 503 && Date.now() < deadline) {
          await sleep(500);
          continue;
        }
        return done({ status: res.status, body: parsed as T });
      } catch (err) {
        if (Date.now() >= deadline) throw err;
        await sleep(500);
      }
    }
  }

  async must<T = any>(method: string, route: string, body: unknown, expected: number): Promise<T> {
    const r = await this.call<T>(method, route, body);
    if (r.status !== expected) throw new Error(`${method} ${route} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
}

/** Local (Asia/Shanghai) "YYYY-MM-DDTHH:MM" of an instant, as schedules take it. */
function localMinute(ms: number): string {
  return new Date(ms + SHANGHAI_MS).toISOString().slice(0, 16);
}

function localDate(ms: number): string {
  return new Date(ms + SHANGHAI_MS).toISOString().slice(0, 10);
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const wallStart = Date.now();
  const sink = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const log = (line: string): void => sink(`[soak +${Math.round((Date.now() - wallStart) / 1000)}s] ${line}`);
  const graceMs = opts.graceMs ?? 60_000;
  const runMs = Math.round(opts.minutes * 60_000);
  const root = tempDir('run');
  const brokerKind = opts.broker ?? 'embedded';
  let broker: RunningMosquitto | null = null;
  if (brokerKind === 'mosquitto') {
    const install = mosquittoInstall();
    if ('missing' in install) throw new Error(install.missing);
    broker = await startMosquitto(install);
    log(`mosquitto up on ${broker.url} (data ${broker.dir})`);
  }
  const stopBroker = async (): Promise<void> => {
    await broker?.stop().catch(() => undefined);
    if (broker) fs.rmSync(broker.dir, { recursive: true, force: true });
  };
  const server = await SoakServer.start({ PLAYLIST_HORIZON_DAYS: '1', ...(broker?.serverEnv ?? {}) }).catch(async (err: Error) => {
    await stopBroker();
    throw err;
  });
  log(`server up on ${server.url} (data ${server.dataDir})`);
  /** Where agents' MQTT gates lead: Mosquitto, or the server's embedded broker. */
  const mqttPort = (): number => broker?.port ?? server.mqttPort;
  const url = (): string => server.url;
  const lines: SoakLine[] = [];
  const agents: SoakAgent[] = [];
  const workers: Array<{ proc: ChildProcess | null; planFile: string; agents: SoakAgent[] }> = [];
  const faultCounts: Record<string, number> = {};
  const kills = { processKills: 0, simulatedAgentsKilled: 0, midPlay: 0, midDownload: 0 };
  const heals: Array<{ kind: FaultKind; ids: string[]; at: number }> = [];
  /**
   * On an external broker a server kill does not disconnect the agents (they stay on Mosquitto and wait), so its
   * recovery is the server's: from its restart to answering healthy again, not an agent's reconnection.
   */
  const serverRestartsMs: number[] = [];
  const alertWindows: Array<[number, number]> = [];
  const alertIds: string[] = [];
  const alertSentAt = new Map<string, number>();
  let withdrawnAt = Infinity;
  const journalsAtKill = new Map<string, RecordedPlay[]>();
  let stopping = false;
  let fullDiskMode: 'tmpfs' | 'quota' = 'quota';

  try {
    const [editor, reviewer, operator, duty] = await Promise.all(['editor', 'reviewer', 'operator', 'duty'].map((u) => Http.login(url, u)));

    // Fleet: kinds, towns, real or simulated, clock skew and one full disk, all from the seed.
    const realCount = Math.max(2, Math.round(opts.agents * (opts.realShare ?? 0.1)));
    const perWorker = opts.perWorker ?? 10;
    const keyPem = (await operator.must<{ publicKeyPem: string }>('GET', '/api/keys/playlist', undefined, 200)).publicKeyPem;
    const keyFile = path.join(root, 'playlist.pem');
    fs.writeFileSync(keyFile, keyPem);
    for (let i = 0; i < opts.agents; i++) {
      const town = i % TOWNS.length;
      const village = TOWNS[town].villages[Math.floor(i / TOWNS.length) % 3];
      const kind: 'speaker' | 'tv' = i % 5 === 4 ? 'tv' : 'speaker';
      const real = i < realCount;
      const id = `soak-${real ? 'r' : 's'}${String(i).padStart(3, '0')}-${kind === 'tv' ? 'tv' : 'spk'}`;
      const reg = await operator.must<{ token: string }>(
        'POST',
        '/api/devices',
        { id, name: `浸泡测试${kind === 'tv' ? '电视' : '喇叭'}${i}`, kind, regionCode: village, ...(kind === 'tv' ? { openingHours: ALL_DAY } : { quietHours: [] }) },
        201,
      );
      const agent: SoakAgent = {
        id,
        kind,
        town,
        village,
        token: reg.token,
        real,
        worker: real ? -1 : Math.floor((i - realCount) / perWorker),
        http: await SoakGate.start(() => server.httpPort),
        mqtt: await SoakGate.start(mqttPort),
        dataDir: path.join(root, 'agents', id),
        skewMs: 0,
        fullDisk: false,
        proc: null,
        running: false,
        down: [],
        startedAt: [],
        killedMidPlay: new Set(),
        partitions: 0,
        busy: false,
      };
      fs.mkdirSync(agent.dataDir, { recursive: true });
      agents.push(agent);
    }
    // Clock skew on a few agents of each sort (±90 s), a full disk on one simulated speaker.
    const skews = opts.skewsMs ?? [-SKEW_MS, SKEW_MS, -SKEW_MS];
    const skewed = [agents[1], ...agents.filter((a) => !a.real).slice(2, 2 + skews.length - 1)].filter(Boolean);
    skewed.forEach((a, i) => (a.skewMs = skews[i % skews.length]));
    // A full disk on one real speaker (a tmpfs of 64 KB over its data dir), or a media quota nothing fits without root.
    const fullDisk = [...agents].reverse().find((a) => a.real && a.kind === 'speaker' && a.skewMs === 0)!;
    fullDisk.fullDisk = mountFullDisk(fullDisk.dataDir);
    if (!fullDisk.fullDisk) fullDisk.quota = FULL_DISK_QUOTA;
    fullDiskMode = fullDisk.fullDisk ? 'tmpfs' : 'quota';
    log(`${agents.length} devices registered (${realCount} real agent processes)`);

    const onLine = (line: SoakLine): void => {
      lines.push(line);
    };
    const startReal = (a: SoakAgent): void => {
      const verifyLog = path.join(a.dataDir, '..', `${a.id}.played`);
      const args = [
        path.join(DIST, 'player-agent/src/main.js'),
        '--server', `http://127.0.0.1:${a.http.listenPort}`,
        '--mqtt', `mqtt://127.0.0.1:${a.mqtt.listenPort}`,
        '--device-id', a.id,
        '--token', a.token,
        '--public-key-file', keyFile,
        '--data-dir', a.dataDir,
        '--grace-ms', String(graceMs),
        '--backend', 'command',
        // The "player" hashes the file it is handed (ground truth: only verified bytes are ever played), then plays 2 s.
        '--command', `sh -c 'sha256sum "$0" >> "$1"; sleep 2' {file} ${verifyLog}`,
        ...(a.quota ? ['--cache-quota', a.quota] : []),
      ];
      const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SUNSHINE_CLOCK_OFFSET_MS: String(a.skewMs) } });
      a.proc = proc;
      a.running = true;
      a.startedAt.push(Date.now());
      readline.createInterface({ input: proc.stdout! }).on('line', (raw) => {
        try {
          const rec = JSON.parse(raw) as { msg?: string } & LogFields;
          if (typeof rec.msg === 'string') onLine({ id: a.id, t: Date.now(), msg: rec.msg, f: rec });
        } catch {
          /* not a log line */
        }
      });
      proc.stderr!.resume();
    };
    const startWorker = (w: number): void => {
      const worker = workers[w];
      const proc = fork(path.join(DIST, 'bench/support/soak-worker.js'), [worker.planFile], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      proc.on('message', (m: SoakWorkerMessage) => {
        if (m.type === 'lines') m.lines.forEach(onLine);
      });
      worker.proc = proc;
      const now = Date.now();
      for (const a of worker.agents) {
        a.running = true;
        a.startedAt.push(now);
      }
    };
    const byWorker = new Map<number, SoakAgent[]>();
    for (const a of agents.filter((x) => !x.real)) byWorker.set(a.worker, [...(byWorker.get(a.worker) ?? []), a]);
    for (const [w, list] of [...byWorker.entries()].sort((x, y) => x[0] - y[0])) {
      const plan: SoakWorkerPlan = {
        publicKeyPem: keyPem,
        graceMs,
        devices: list.map((a) => ({
          deviceId: a.id,
          token: a.token,
          httpUrl: `http://127.0.0.1:${a.http.listenPort}`,
          mqttUrl: `mqtt://127.0.0.1:${a.mqtt.listenPort}`,
          dataDir: a.dataDir,
          clockOffsetMs: a.skewMs,
          ...(a.quota ? { cacheQuotaBytes: Number(a.quota) } : {}),
        })),
      };
      const planFile = path.join(root, `worker-${w}.json`);
      fs.writeFileSync(planFile, JSON.stringify(plan));
      workers[w] = { proc: null, planFile, agents: list };
    }
    agents.filter((a) => a.real).forEach(startReal);
    workers.forEach((_, w) => startWorker(w));
    await waitFor(() => (agents.every((a) => lines.some((l) => l.id === a.id && l.msg === '已连接 MQTT')) ? true : null), 120_000, () => 'not every agent connected');
    log('every agent connected');

    // Contents: M airs everywhere at even minutes; at odd minutes town 0 airs E (edited mid-run), town 1 airs W
    // (withdrawn mid-run), the rest air F. Every device has an airing every 60 s.
    const notice = async (title: string, body: string): Promise<{ contentId: string; revisionId: string }> => {
      const written = await editor.must<{ id: string; latest: { id: string } }>('POST', '/api/contents', { title, body, department: '浸泡测试办公室' }, 201);
      await editor.must('POST', `/api/contents/${written.id}/submit`, undefined, 200);
      await reviewer.must('POST', `/api/contents/${written.id}/approve`, { comment: '同意播出' }, 200);
      return { contentId: written.id, revisionId: written.latest.id };
    };
    const rendered = async (revisionId: string): Promise<string[]> => {
      const want = ['speaker', 'hall-tv-1080p'];
      return waitFor(
        async () => {
          const r = await operator.call<Array<{ profile: string; status: string; sha256: string }>>('GET', `/api/revisions/${revisionId}/renditions`);
          if (!Array.isArray(r.body)) return null;
          const done = r.body.filter((x) => x.status === 'done');
          return want.every((p) => done.some((x) => x.profile === p)) ? done.map((x) => x.sha256) : null;
        },
        600_000,
        () => `renditions of ${revisionId} not done`,
        1_000,
      );
    };
    const M = await notice('浸泡测试：每两分钟通知', '各位村民：这是浸泡测试的定时通知，请注意收听。');
    const E = await notice('浸泡测试：将被修改的通知', '青石镇各村：本通知播出期间会被修改。');
    const W = await notice('浸泡测试：将被撤回的通知', '白鹤镇各村：本通知播出期间会被撤回。');
    const F = await notice('浸泡测试：其余乡镇的通知', '其余乡镇各村：这是另一条定时通知。');
    const knownSha = new Set<string>();
    for (const c of [M, E, W, F]) (await rendered(c.revisionId)).forEach((s) => knownSha.add(s));
    log('contents rendered');

    // First slot: the next minute at least 12 s away, so every device has its playlist and media first.
    const firstMs = Math.ceil((Date.now() + 12_000) / 60_000) * 60_000;
    const count = Math.max(1, Math.round(runMs / 120_000));
    const lastSlotMs = firstMs + (count - 1) * 120_000 + 60_000;
    const ids = (pick: (a: SoakAgent) => boolean): string[] => agents.filter(pick).map((a) => a.id);
    const schedule = async (contentId: string, deviceIds: string[], startMs: number): Promise<string> => {
      const body = { contentId, targets: { deviceIds }, rrule: `FREQ=MINUTELY;INTERVAL=2;COUNT=${count}`, dtstart: localMinute(startMs) };
      const r = await editor.must<{ schedule?: { id: string }; id?: string }>('POST', '/api/schedules', body, 201);
      return r.schedule?.id ?? r.id ?? '';
    };
    const schedulesAt = Date.now();
    await schedule(M.contentId, ids(() => true), firstMs);
    await schedule(E.contentId, ids((a) => a.town === 0), firstMs + 60_000);
    await schedule(W.contentId, ids((a) => a.town === 1), firstMs + 60_000);
    await schedule(F.contentId, ids((a) => a.town > 1), firstMs + 60_000);
    log(`schedule: ${count * 2} slots per device from ${new Date(firstMs).toISOString()} to ${new Date(lastSlotMs).toISOString()}`);

    const planOf = async (): Promise<Map<string, { deviceId: string; slotId: string; startMs: number; contentId: string }>> => {
      const plan = new Map<string, { deviceId: string; slotId: string; startMs: number; contentId: string }>();
      const dates = [...new Set([localDate(firstMs), localDate(lastSlotMs)])];
      for (const a of agents) {
        for (const date of dates) {
          const r = await operator.must<{ items: Array<{ start: string; kind: string; scheduleId: string | null; contentId: string | null; status: string }> }>('GET', `/api/devices/${a.id}/timeline?date=${date}`, undefined, 200);
          for (const item of r.items) {
            if (item.kind !== 'slot' || !item.scheduleId || !item.contentId) continue;
            const startMs = Date.parse(item.start);
            if (startMs < firstMs || startMs > lastSlotMs) continue;
            const slotId = `${item.scheduleId}:${new Date(startMs).toISOString()}`;
            plan.set(`${a.id}|${slotId}`, { deviceId: a.id, slotId, startMs, contentId: item.contentId });
          }
        }
      }
      return plan;
    };
    const planAtStart = await planOf();
    log(`plan of record: ${planAtStart.size} (device, slot) pairs`);

    // ---- Fault helpers ----
    /** Noted now, measured at the end from the agents' lines: per affected agent, until it connected again. */
    const recovery = async (kind: FaultKind, affected: SoakAgent[], healedAt: number): Promise<void> => {
      heals.push({ kind, ids: affected.filter((a) => a.running && a.partitions === 0).map((a) => a.id), at: healedAt });
    };
    const partition = async (list: SoakAgent[]): Promise<void> => {
      for (const a of list) {
        a.partitions++;
        await Promise.all([a.http.close(), a.mqtt.close()]);
      }
    };
    const heal = async (list: SoakAgent[]): Promise<void> => {
      for (const a of list) {
        a.partitions = Math.max(0, a.partitions - 1);
        if (a.partitions === 0) await Promise.all([a.http.open(), a.mqtt.open()]);
      }
    };
    const readJournal = (a: SoakAgent): RecordedPlay[] => {
      const file = path.join(a.dataDir, 'journal.ndjson');
      if (!fs.existsSync(file)) return [];
      const out: RecordedPlay[] = [];
      for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
        try {
          const line = JSON.parse(raw) as { t: string; entry?: { id: string; slotId: string | null } };
          if (line.t === 'play' && line.entry) out.push({ id: line.entry.id, deviceId: a.id, slotId: line.entry.slotId });
        } catch {
          /* torn last line */
        }
      }
      return out;
    };
    /** Slots the agent had started and not finished (by its log lines) at this moment. */
    const openPlays = (a: SoakAgent): string[] => {
      const open = new Map<string, boolean>();
      for (const l of lines) {
        if (l.id !== a.id) continue;
        if (l.msg === '开始播放' && typeof l.f.slotId === 'string') open.set(l.f.slotId, true);
        if (l.msg === '播放结束' && typeof l.f.slotId === 'string') open.delete(l.f.slotId);
      }
      return [...open.keys()];
    };
    const killReal = (a: SoakAgent): void => {
      openPlays(a).forEach((s) => a.killedMidPlay.add(s));
      a.proc?.kill('SIGKILL');
      a.proc = null;
      a.running = false;
      a.down.push([Date.now(), Infinity]);
      kills.processKills++;
      journalsAtKill.set(a.id, [...(journalsAtKill.get(a.id) ?? []), ...readJournal(a)]);
    };
    const reviveReal = (a: SoakAgent): void => {
      const last = a.down[a.down.length - 1];
      if (last && last[1] === Infinity) last[1] = Date.now();
      startReal(a);
    };
    const killWorker = (w: number): void => {
      const worker = workers[w];
      worker.proc?.kill('SIGKILL');
      worker.proc = null;
      for (const a of worker.agents) {
        openPlays(a).forEach((s) => a.killedMidPlay.add(s));
        a.running = false;
        a.down.push([Date.now(), Infinity]);
        journalsAtKill.set(a.id, [...(journalsAtKill.get(a.id) ?? []), ...readJournal(a)]);
      }
      kills.simulatedAgentsKilled += worker.agents.length;
    };
    const reviveWorker = (w: number): void => {
      for (const a of workers[w].agents) {
        const last = a.down[a.down.length - 1];
        if (last && last[1] === Infinity) last[1] = Date.now();
      }
      startWorker(w);
    };
    const waitLine = (a: SoakAgent, msg: string, since: number, timeoutMs: number, match: (f: LogFields) => boolean = () => true): Promise<boolean> =>
      waitFor(() => (lines.some((l) => l.id === a.id && l.msg === msg && l.t >= since && match(l.f)) ? true : null), timeoutMs, () => msg, 50).catch(() => false);
    let serverBusy: Promise<unknown> = Promise.resolve();
    /** One thing at a time with the server: its restarts, and operator actions that must not meet a restart. */
    const withServer = <T>(fn: () => Promise<T>): Promise<T> => {
      const run = serverBusy.then(fn, fn);
      serverBusy = run.catch(() => undefined);
      return run;
    };
    /** A real agent no other fault is using (waits a while for one): claimed until the fault releases it. */
    const pickFree = async (list: SoakAgent[], target: number): Promise<SoakAgent | null> => {
      const found = await waitFor(
        () => {
          const free = list.filter((a) => !a.busy && a.running && a.partitions === 0);
          return free.length ? free[target % free.length] : null;
        },
        60_000,
        () => 'no free agent',
        250,
      ).catch(() => null);
      if (found) found.busy = true;
      return found;
    };
    const realAgents = agents.filter((a) => a.real && !a.quota && !a.fullDisk);
    // Faults that need the agent to download now: a clock ahead may already see every remaining slot as past.
    const onTimeAgents = realAgents.filter((a) => a.skewMs === 0);

    const runFault = async (f: PlannedFault): Promise<void> => {
      const count = (k: string): void => void (faultCounts[k] = (faultCounts[k] ?? 0) + 1);
      switch (f.kind) {
        case 'broker-restart':
        case 'server-kill':
          return withServer(async () => {
            if (f.kind === 'broker-restart' && broker) {
              // Mosquitto alone goes down and comes back on its port and files; the server stays up.
              await broker.stop();
              count(f.kind);
              await sleep(f.durationMs);
              await broker.restart();
              await recovery(f.kind, agents, Date.now());
              return;
            }
            // The embedded broker restarts with its server (stopped in order for a broker restart, not killed).
            await server.down(f.kind === 'server-kill' ? 'SIGKILL' : 'SIGTERM');
            count(f.kind);
            await sleep(f.durationMs);
            const restartAt = Date.now();
            await server.up();
            if (broker) serverRestartsMs.push(Date.now() - restartAt);
            else await recovery(f.kind, agents, server.startedAt);
          });
        case 'agent-kill-mid-play': {
          const a = await pickFree(onTimeAgents, f.target);
          if (!a) return;
          const since = Date.now();
          if (await waitLine(a, '开始播放', since, Math.max(0, lastSlotMs + 5_000 - since))) {
            killReal(a);
            kills.midPlay++;
            count(f.kind);
            await sleep(f.durationMs);
            reviveReal(a);
            await recovery(f.kind, [a], Date.now());
          }
          a.busy = false;
          return;
        }
        case 'agent-kill-mid-download': {
          const a = await pickFree(onTimeAgents, f.target);
          if (!a) return;
          // A box that lost its media card: it downloads everything again, slowly, and dies in the middle.
          killReal(a);
          fs.rmSync(path.join(a.dataDir, 'media'), { recursive: true, force: true });
          a.http.slowBytesPerSecond = 16_384;
          const since = Date.now();
          reviveReal(a);
          if (await waitLine(a, '开始下载媒体', since, 30_000)) {
            await sleep(300);
            killReal(a);
            kills.midDownload++;
            count(f.kind);
            a.http.slowBytesPerSecond = 0;
            await sleep(f.durationMs);
            reviveReal(a);
          }
          a.http.slowBytesPerSecond = 0;
          await recovery(f.kind, [a], Date.now());
          a.busy = false;
          return;
        }
        case 'sim-worker-kill': {
          if (workers.length === 0) return;
          const w = f.target % workers.length;
          if (!workers[w].proc || workers[w].agents.some((a) => a.busy)) return;
          workers[w].agents.forEach((a) => (a.busy = true));
          killWorker(w);
          count(f.kind);
          await sleep(f.durationMs);
          reviveWorker(w);
          await recovery(f.kind, workers[w].agents, Date.now());
          workers[w].agents.forEach((a) => (a.busy = false));
          return;
        }
        case 'partition-agent': {
          const a = agents[f.target % agents.length];
          await partition([a]);
          count(f.kind);
          await sleep(f.durationMs);
          await heal([a]);
          await recovery(f.kind, [a], Date.now());
          return;
        }
        case 'partition-town': {
          const town = agents.filter((a) => a.town === f.target % TOWNS.length);
          await partition(town);
          count(f.kind);
          await sleep(f.durationMs);
          await heal(town);
          await recovery(f.kind, town, Date.now());
          return;
        }
        case 'corrupt-media': {
          const a = await pickFree(onTimeAgents, f.target);
          if (!a) return;
          killReal(a);
          fs.rmSync(path.join(a.dataDir, 'media'), { recursive: true, force: true });
          a.http.corrupt = true;
          reviveReal(a);
          count(f.kind);
          await sleep(f.durationMs);
          a.http.corrupt = false;
          await recovery(f.kind, [a], Date.now());
          a.busy = false;
          return;
        }
        case 'edit-during-airing': {
          const since = Date.now();
          await waitFor(() => (lines.some((l) => l.t >= since && l.msg === '开始播放' && l.f.contentId === E.contentId) ? true : null), Math.max(0, lastSlotMs + 5_000 - since), () => 'E never aired', 100).catch(() => null);
          // Operator actions run while the server is up (not in the middle of a restart the driver is doing).
          await withServer(async () => {
            await editor.must('POST', `/api/contents/${E.contentId}/revisions`, { title: '浸泡测试：已修改的通知', body: '青石镇各村：本通知已在播出期间修改，请以此为准。', department: '浸泡测试办公室' }, 201);
            await editor.must('POST', `/api/contents/${E.contentId}/submit`, undefined, 200);
            await reviewer.must('POST', `/api/contents/${E.contentId}/approve`, { comment: '同意修改' }, 200);
          });
          count(f.kind);
          return;
        }
        case 'withdraw-during-airing': {
          const since = Date.now();
          await waitFor(() => (lines.some((l) => l.t >= since && l.msg === '开始播放' && l.f.contentId === W.contentId) ? true : null), Math.max(0, lastSlotMs + 5_000 - since), () => 'W never aired', 100).catch(() => null);
          await withServer(async () => {
            withdrawnAt = Date.now();
            await reviewer.must('POST', `/api/contents/${W.contentId}/withdraw`, undefined, 200);
          });
          count(f.kind);
          return;
        }
        case 'alert-during-partition': {
          const town = agents.filter((a) => a.town === f.target % TOWNS.length);
          await partition(town);
          const alertAt = Date.now();
          await withServer(async () => {
            const r = await duty.must<{ id: string }>('POST', '/api/alerts', { text: '浸泡测试预警：请注意防范。', title: '浸泡测试预警', regionCodes: TOWNS.map((t) => t.code), level: 1, repeat: 1 }, 201);
            alertIds.push(r.id);
            alertSentAt.set(r.id, alertAt);
          });
          alertWindows.push([alertAt, alertAt + 60_000]);
          count(f.kind);
          await sleep(f.durationMs);
          await heal(town);
          alertWindows.push([Date.now(), Date.now() + 60_000]);
          await recovery(f.kind, town, Date.now());
          return;
        }
      }
    };

    // ---- Run phase: faults from now until just after the last slot ----
    const runStart = Date.now();
    const faults = planFaults(opts.seed, lastSlotMs + 10_000 - runStart);
    log(`run phase: ${faults.length} faults over ${Math.round((lastSlotMs + 10_000 - runStart) / 1000)} s`);
    const running = faults.map(async (f) => {
      await sleep(runStart + f.atMs - Date.now());
      if (stopping) return;
      try {
        log(`fault ${f.kind} (${Math.round(f.durationMs / 1000)} s) starts`);
        await runFault(f);
        log(`fault ${f.kind} over`);
      } catch (err) {
        log(`fault ${f.kind} failed: ${(err as Error).message}`);
        faultCounts[`${f.kind}:error`] = (faultCounts[`${f.kind}:error`] ?? 0) + 1;
      }
    });
    await Promise.all(running);
    log('faults done; settling');

    // ---- Settle: everything healed and running, the last slot past its grace window, every journal empty ----
    if (!server.running) await server.up();
    for (const a of agents) {
      a.partitions = 1;
      await heal([a]);
      a.http.corrupt = false;
      a.http.slowBytesPerSecond = 0;
      if (a.real && !a.running) reviveReal(a);
    }
    workers.forEach((w, i) => {
      if (!w.proc) reviveWorker(i);
    });
    const behind = Math.max(0, ...agents.map((a) => -a.skewMs));
    const settleUntil = lastSlotMs + graceMs + behind + 5_000;
    const pendingOf = (a: SoakAgent): number => {
      const file = path.join(a.dataDir, 'journal.ndjson');
      if (!fs.existsSync(file)) return 0;
      const open = new Set<string>();
      for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
        try {
          const line = JSON.parse(raw) as { t: string; entry?: { id: string }; ids?: string[] };
          if (line.t === 'play' && line.entry) open.add(line.entry.id);
          if (line.t === 'ack') line.ids?.forEach((id) => open.delete(id));
        } catch {
          /* torn */
        }
      }
      return open.size;
    };
    await waitFor(() => (Date.now() >= settleUntil ? true : null), 30 * 60_000, () => 'settle', 500);
    await waitFor(() => (agents.every((a) => pendingOf(a) === 0) ? true : null), 180_000, () => `journals not emptied: ${agents.filter((a) => pendingOf(a) > 0).map((a) => `${a.id}:${pendingOf(a)}`).join(' ')}`, 1_000).catch((err: Error) => log(err.message));
    log('settled');

    // ---- Accounting ----
    const planAtEnd = await planOf();
    const skewOf = new Map(agents.map((a) => [a.id, a.skewMs]));
    const planned = plannedOfRecord(planAtStart, planAtEnd, withdrawnAt, (id) => skewOf.get(id) ?? 0);
    const logs: ServerPlayLog[] = [];
    for (const a of agents) {
      const r = await operator.must<ServerPlayLog[]>('GET', `/api/playlogs?deviceId=${encodeURIComponent(a.id)}&limit=5000`, undefined, 200);
      logs.push(...r);
    }
    const recorded = new Map<string, RecordedPlay>();
    for (const a of agents) for (const r of [...(journalsAtKill.get(a.id) ?? []), ...readJournal(a)]) recorded.set(`${r.deviceId}|${r.id}`, r);
    for (const l of lines) {
      if (l.msg === '播放结束' && typeof l.f.playLogId === 'string') recorded.set(`${l.id}|${l.f.playLogId}`, { id: l.f.playLogId, deviceId: l.id, slotId: (l.f.slotId as string | null) ?? null });
    }
    const verified: VerifiedPlay[] = lines.filter((l) => l.msg === '播放核验').map((l) => ({ deviceId: l.id, expected: String(l.f.expected), actual: String(l.f.actual) }));
    for (const a of agents.filter((x) => x.real)) {
      const file = path.join(a.dataDir, '..', `${a.id}.played`);
      if (!fs.existsSync(file)) continue;
      for (const row of fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
        const [actual, played] = row.split(/\s+/);
        verified.push({ deviceId: a.id, expected: path.basename(played).split('.')[0], actual });
      }
    }
    const devices = new Map<string, DeviceFacts>();
    for (const a of agents) {
      devices.set(a.id, {
        skewMs: a.skewMs,
        down: a.down.map(([x, y]) => [x, y === Infinity ? Date.now() : y] as [number, number]),
        killedMidPlay: a.killedMidPlay,
        waitedForMedia: new Set(lines.filter((l) => l.id === a.id && l.msg === '媒体未就绪，等待下载').map((l) => String(l.f.slotId))),
        startedAt: a.startedAt,
        playlistAt: lines.find((l) => l.id === a.id && l.msg === '收到节目单' && l.t >= schedulesAt && Number(l.f.items) > 0)?.t ?? null,
      });
    }
    for (const c of [M, E, W, F]) {
      const listed = await operator.must<Array<{ id: string }> | { items: Array<{ id: string }> }>('GET', `/api/contents/${c.contentId}/revisions`, undefined, 200);
      const revisions = Array.isArray(listed) ? listed : listed.items;
      for (const rev of revisions) {
        const r = await operator.must<Array<{ sha256: string; status: string }>>('GET', `/api/revisions/${rev.id}/renditions`, undefined, 200);
        r.filter((x) => x.status === 'done').forEach((x) => knownSha.add(x.sha256));
      }
    }
    if (process.env.SOAK_LINES_FILE) fs.writeFileSync(process.env.SOAK_LINES_FILE, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const accounting = account({ planned, logs, recorded: [...recorded.values()], verified, devices, knownSha, graceMs, alertWindows });

    // Where the reports API exists: its figures for each soak content over the soak's days vs the ground truth.
    const reports: NonNullable<SoakReport['reports']> = [];
    const days = [...new Set([localDate(firstMs), localDate(lastSlotMs)])];
    for (const c of [M, E, W, F]) {
      const q = `period=custom&from=${days[0]}&to=${days[days.length - 1]}&regionCode=${COUNTY}&contentId=${c.contentId}`;
      const r = await operator.call<{ totals?: ReportFigures }>('GET', `/api/reports/coverage?${q}`);
      if (r.status !== 200 || !r.body.totals) continue;
      const { planned: rp, aired, interrupted, failed, failedByReason, notReported } = r.body.totals;
      const report: ReportFigures = { planned: rp, aired, interrupted, failed, failedByReason, notReported };
      const truth = reportTruth(planned, logs, c.contentId);
      reports.push({ contentId: c.contentId, report, truth, equal: sameFigures(report, truth) });
    }
    const alerts: SoakReport['alerts'] = [];
    const soakIds = new Set(agents.map((a) => a.id));
    for (const id of alertIds) {
      const states = await duty.must<Array<{ deviceId: string; state: string }>>('GET', `/api/alerts/${id}/devices`, undefined, 200);
      const mine = states.filter((s) => soakIds.has(s.deviceId));
      const byState: Record<string, number> = {};
      mine.forEach((s) => (byState[s.state] = (byState[s.state] ?? 0) + 1));
      const answered = mine.filter((s) => s.state !== 'pending' && s.state !== 'waiting');
      const sentAt = alertSentAt.get(id) ?? 0;
      const killedAfter = (deviceId: string): boolean => agents.some((a) => a.id === deviceId && a.down.some(([from]) => from >= sentAt));
      const silent = mine.filter((s) => !answered.includes(s)).map((s) => s.deviceId);
      alerts.push({
        alertId: id,
        devices: mine.length,
        answered: answered.length,
        byState,
        unanswered: silent.filter((d) => !killedAfter(d)),
        unansweredKilledDuringAlert: silent.filter(killedAfter),
      });
    }
    const recoveries: Partial<Record<FaultKind, Array<number | null>>> = {};
    for (const h of heals) {
      const times = h.ids.map((id) => lines.find((l) => l.id === id && l.msg === '已连接 MQTT' && l.t >= h.at)?.t ?? null);
      for (const t of times) (recoveries[h.kind] ??= []).push(t === null ? null : t - h.at);
    }
    const recoveryMs: SoakReport['recoveryMs'] = {};
    for (const [kind, list] of Object.entries(recoveries)) {
      const done = (list ?? []).filter((x): x is number => x !== null);
      recoveryMs[kind] = { n: done.length, notRecovered: (list ?? []).length - done.length, ...spread(done) };
    }
    if (serverRestartsMs.length > 0) recoveryMs['server-kill'] = { n: serverRestartsMs.length, notRecovered: 0, ...spread(serverRestartsMs) };
    const skewedMap: Record<string, number> = {};
    agents.filter((a) => a.skewMs !== 0).forEach((a) => (skewedMap[a.id] = a.skewMs));
    return {
      seed: opts.seed,
      minutes: opts.minutes,
      broker: brokerKind,
      agents: {
        total: agents.length,
        real: agents.filter((a) => a.real).length,
        simulated: agents.filter((a) => !a.real).length,
        speakers: agents.filter((a) => a.kind === 'speaker').length,
        screens: agents.filter((a) => a.kind === 'tv').length,
        skewed: skewedMap,
        fullDisk: agents.filter((a) => a.quota || a.fullDisk).map((a) => a.id),
        fullDiskMode,
      },
      wallSeconds: round((Date.now() - wallStart) / 1000),
      faults: faultCounts,
      agentKills: { ...kills, total: kills.processKills + kills.simulatedAgentsKilled },
      corruptedBytes: agents.reduce((n, a) => n + a.http.corruptedBytes, 0),
      accounting,
      alerts,
      recoveryMs,
      reports,
      slowApiCalls: { count: slowCalls.length, maxMs: Math.max(0, ...slowCalls.map((c) => c.ms)), routes: [...new Set(slowCalls.map((c) => c.route))].slice(0, 10) },
    };
  } finally {
    stopping = true;
    for (const a of agents) a.proc?.kill('SIGKILL');
    for (const w of workers) w?.proc?.kill('SIGKILL');
    await Promise.all(agents.flatMap((a) => [a.http.close(), a.mqtt.close()]));
    await server.stop().catch(() => undefined);
    await stopBroker();
    for (const a of agents) if (a.fullDisk) unmount(a.dataDir);
    fs.rmSync(root, { recursive: true, force: true });
  }
}
