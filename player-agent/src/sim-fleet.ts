/**
 * `npm run agents:sim -- --count N`: registers N simulated devices with the server over its API, fetches the
 * playlist public key and runs them all in one simulation process (sim.js: null backend, real MQTT and HTTP).
 * Tokens are shown only once at registration, so they are kept in the data dir and reused on the next run.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { writeFileAtomic } from './atomic-file';
import { ConfigError, httpUrl, type CliResult } from './config';

export type FleetKind = 'speaker' | 'tv' | 'led';

export interface FleetOptions {
  count: number;
  /** HTTP base URL without a trailing slash. */
  serverUrl: string;
  mqttUrl: string;
  username: string;
  password: string;
  /** Devices are spread round-robin over these region codes. */
  regionCodes: string[];
  kind: FleetKind;
  dataDir: string;
}

/** One registered simulated device, as kept in the credentials file. */
export interface FleetDevice {
  deviceId: string;
  token: string;
  kind: FleetKind;
  regionCode: string;
}

export type FleetSlot = Pick<FleetDevice, 'deviceId' | 'regionCode'>;

/** What the server API must do for the fleet; the HTTP implementation is `loginFleetApi`. */
export interface FleetApi {
  register(slot: FleetSlot, kind: FleetKind): Promise<FleetDevice>;
  publicKeyPem(): Promise<string>;
}

/** Everything a fleet keeps on disk, under one directory per server so tokens and agent state never mix servers. */
export interface FleetFiles {
  dir: string;
  /** NDJSON, one FleetDevice per line, appended as each device is registered. */
  credentialsFile: string;
  /** The `[{ deviceId, token }]` file sim.js reads: this run's devices only. */
  devicesFile: string;
  keyFile: string;
  agentsDir: string;
}

export interface PreparedFleet {
  devices: FleetDevice[];
  registered: number;
  reused: number;
  files: FleetFiles;
}

/** One JSON log line of an agent, reduced to what fleet tools read. */
export interface AgentLogLine {
  level: string;
  msg: string;
  /** Epoch ms of the line's `time`. */
  timeMs: number;
  deviceId?: string;
  version?: string;
  /** Timeline items of a received playlist. */
  items?: number;
  sha256?: string;
  bytes?: number;
}

type Env = Record<string, string | undefined>;
type Fetch = typeof fetch;

const MAX_FLEET = 10_000;
/** Registrations in flight at once: enough to hide latency, few enough not to starve the server's other work. */
const REGISTER_CONCURRENCY = 8;
const KINDS: readonly FleetKind[] = ['speaker', 'tv', 'led'];
const KIND_LABELS: Record<FleetKind, string> = { speaker: '喇叭', tv: '电视', led: 'LED 屏' };
const DIVISION_CODE = /^\d{12}$/;
const SIM_SCRIPT = path.join(__dirname, 'sim.js');
/** The summary is printed when every agent is connected and has a playlist, or after this long with the counts so far. */
const SUMMARY_AFTER_MS = 60_000;

export const FLEET_HELP = `阳光播控 模拟设备群 (Sunshine Cast simulated fleet)

用法: npm run agents:sim -- --count <台数> --password <密码> [选项]

  --count <台数>           模拟设备数量，1–${MAX_FLEET}
  --server <URL>           服务器 HTTP 地址，默认 http://127.0.0.1:3000     (SUNSHINE_SERVER)
  --mqtt <URL>             MQTT 地址，默认 mqtt://<服务器主机>:1883          (SUNSHINE_MQTT)
  --username <用户名>      有运维权限的账号，默认 admin                      (SUNSHINE_USERNAME)
  --password <密码>        该账号的密码                                     (SUNSHINE_PASSWORD)
  --region <代码[,代码…]>  设备所在区划代码，多个时轮流分配，默认 510811100201
  --kind <类型>            speaker | tv | led，默认 speaker
  --data-dir <目录>        凭据与模拟设备数据目录，默认 ./sim-data；再次运行时复用已注册的设备
  --help                   显示本帮助
`;

const FLAGS: Record<string, string | undefined> = {
  count: undefined,
  server: 'SUNSHINE_SERVER',
  mqtt: 'SUNSHINE_MQTT',
  username: 'SUNSHINE_USERNAME',
  password: 'SUNSHINE_PASSWORD',
  region: undefined,
  kind: undefined,
  'data-dir': undefined,
};

/** Flags win over environment variables; accepts `--name value` and `--name=value`. */
export function parseFleetArgs(argv: string[], env: Env): CliResult<FleetOptions> {
  const values = new Map<string, string>();
  for (const [flag, name] of Object.entries(FLAGS)) {
    const value = name ? env[name] : undefined;
    if (value) values.set(flag, value);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { kind: 'help', text: FLEET_HELP };
    const m = /^--([a-z-]+)(?:=([\s\S]*))?$/.exec(arg);
    if (!m || !Object.hasOwn(FLAGS, m[1])) throw new ConfigError('unknown-flag', `未知参数 “${arg}”（--help 查看用法）`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new ConfigError('missing-flag-value', `参数 --${m[1]} 缺少取值`);
    values.set(m[1], value);
  }

  const countText = values.get('count');
  const count = Number(countText);
  if (countText === undefined || !/^\d+$/.test(countText) || count < 1 || count > MAX_FLEET) {
    throw new ConfigError('invalid-count', `--count 必须是 1–${MAX_FLEET} 之间的整数，收到 “${countText ?? ''}”`);
  }
  const serverUrl = httpUrl(values.get('server') ?? 'http://127.0.0.1:3000');
  const mqttUrl = values.get('mqtt') ?? `mqtt://${new URL(serverUrl).hostname}:1883`;
  if (!/^(mqtts?|wss?|tcp|tls):\/\/[^/]+/.test(mqttUrl)) throw new ConfigError('invalid-mqtt-url', `MQTT 地址 “${mqttUrl}” 无效，应形如 mqtt://主机:1883`);
  const password = values.get('password');
  if (!password) throw new ConfigError('missing-password', '缺少登录密码：请用 --password 或环境变量 SUNSHINE_PASSWORD 提供');
  const regionCodes = [...new Set((values.get('region') ?? '510811100201').split(',').map((c) => c.trim()))];
  const badRegion = regionCodes.find((c) => !DIVISION_CODE.test(c));
  if (badRegion !== undefined) throw new ConfigError('invalid-region', `区划代码 “${badRegion}” 无效，应为 12 位数字`);
  const kind = values.get('kind') ?? 'speaker';
  if (!KINDS.includes(kind as FleetKind)) throw new ConfigError('invalid-kind', `未知的设备类型 “${kind}”，可选：${KINDS.join(' | ')}`);
  return {
    kind: 'ok',
    value: {
      count,
      serverUrl,
      mqttUrl,
      username: values.get('username') ?? 'admin',
      password,
      regionCodes,
      kind: kind as FleetKind,
      dataDir: path.resolve(values.get('data-dir') ?? './sim-data'),
    },
  };
}

/** Device ids `sim-<region>-<i>` (i from 1), regions assigned round-robin. */
export function fleetSlots(count: number, regionCodes: readonly string[]): FleetSlot[] {
  return Array.from({ length: count }, (_, i) => {
    const regionCode = regionCodes[i % regionCodes.length];
    return { deviceId: `sim-${regionCode}-${i + 1}`, regionCode };
  });
}

export function fleetFiles(dataDir: string, serverUrl: string): FleetFiles {
  const url = new URL(serverUrl);
  const dir = path.join(dataDir, `${url.hostname}-${url.port || (url.protocol === 'https:' ? '443' : '80')}`);
  return {
    dir,
    credentialsFile: path.join(dir, 'credentials.ndjson'),
    devicesFile: path.join(dir, 'sim-devices.json'),
    keyFile: path.join(dir, 'server-key.pem'),
    agentsDir: path.join(dir, 'agents'),
  };
}

/** Reads the credentials file; a missing file is an empty fleet, a torn last line (crash mid-append) is skipped. */
export function loadCredentials(file: string): FleetDevice[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const devices: FleetDevice[] = [];
  for (const line of text.split('\n')) {
    const d = parseJson(line) as Partial<FleetDevice> | null;
    if (d && typeof d.deviceId === 'string' && typeof d.token === 'string' && KINDS.includes(d.kind as FleetKind) && typeof d.regionCode === 'string') {
      devices.push({ deviceId: d.deviceId, token: d.token, kind: d.kind as FleetKind, regionCode: d.regionCode });
    }
  }
  return devices;
}

/** Splits the wanted devices into those already registered (token on file) and those still to register. */
export function planFleet(slots: readonly FleetSlot[], known: readonly FleetDevice[], kind: FleetKind): { reuse: FleetDevice[]; register: FleetSlot[] } {
  const byId = new Map(known.map((d) => [d.deviceId, d]));
  const reuse: FleetDevice[] = [];
  const register: FleetSlot[] = [];
  for (const slot of slots) {
    const existing = byId.get(slot.deviceId);
    if (!existing) {
      register.push(slot);
      continue;
    }
    if (existing.kind !== kind) {
      throw new ConfigError(
        'kind-mismatch',
        `设备 ${slot.deviceId} 已按类型 ${existing.kind} 注册，与 --kind ${kind} 不符：请换用其他 --data-dir 或 --region`,
      );
    }
    reuse.push(existing);
  }
  return { reuse, register };
}

/**
 * Registers what is missing (each token appended to the credentials file as soon as it is issued), writes the
 * public key and this run's devices file for sim.js.
 */
export async function prepareFleet(
  opts: Pick<FleetOptions, 'count' | 'serverUrl' | 'regionCodes' | 'kind' | 'dataDir'>,
  api: FleetApi,
): Promise<PreparedFleet> {
  const files = fleetFiles(opts.dataDir, opts.serverUrl);
  fs.mkdirSync(files.agentsDir, { recursive: true });
  const slots = fleetSlots(opts.count, opts.regionCodes);
  const { reuse, register } = planFleet(slots, loadCredentials(files.credentialsFile), opts.kind);
  endTornLine(files.credentialsFile);
  const fresh = new Map<string, FleetDevice>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < register.length) {
      const device = await api.register(register[next++], opts.kind);
      fs.appendFileSync(files.credentialsFile, JSON.stringify(device) + '\n');
      fresh.set(device.deviceId, device);
    }
  };
  await Promise.all(Array.from({ length: Math.min(REGISTER_CONCURRENCY, register.length) }, worker));
  writeFileAtomic(files.keyFile, await api.publicKeyPem());
  const reused = new Map(reuse.map((d) => [d.deviceId, d]));
  const devices = slots.map((s) => (fresh.get(s.deviceId) ?? reused.get(s.deviceId))!);
  writeFileAtomic(files.devicesFile, JSON.stringify(devices.map(({ deviceId, token }) => ({ deviceId, token }))));
  return { devices, registered: fresh.size, reused: reuse.length, files };
}

/** A crash mid-append leaves a torn last line: end it, so the next record starts a line of its own. */
function endTornLine(file: string): void {
  const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
  if (size === 0) return;
  const last = Buffer.alloc(1);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, last, 0, 1, size - 1);
  } finally {
    fs.closeSync(fd);
  }
  if (last[0] !== 0x0a) fs.appendFileSync(file, '\n');
}

/** Logs in and returns the API the fleet needs; failures carry the server's Chinese message. */
export async function loginFleetApi(serverUrl: string, username: string, password: string, fetchFn: Fetch = fetch): Promise<FleetApi> {
  const call = async (method: string, route: string, body?: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    let res: Response;
    try {
      res = await fetchFn(`${serverUrl}${route}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ConfigError('server-unreachable', `无法连接服务器 ${serverUrl}：${(err as Error).message}`);
    }
    const text = await res.text();
    return { status: res.status, body: (parseJson(text) ?? {}) as Record<string, unknown> };
  };
  const login = await call('POST', '/api/auth/login', { username, password });
  if (login.status !== 200 || typeof login.body.token !== 'string') {
    throw new ConfigError('login-failed', `账号 ${username} 登录失败：${String(login.body.message ?? login.status)}`);
  }
  const token = login.body.token;
  return {
    async register(slot, kind) {
      const r = await call(
        'POST',
        '/api/devices',
        { id: slot.deviceId, name: `模拟${KIND_LABELS[kind]} ${slot.deviceId}`, kind, regionCode: slot.regionCode, tags: ['sim'] },
        token,
      );
      if (r.status === 409) {
        throw new ConfigError(
          'device-exists-without-token',
          `设备 ${slot.deviceId} 已在服务器注册，但本地凭据文件中没有它的令牌：请换用其他 --data-dir 或 --region`,
        );
      }
      const device = r.body.device as { id?: unknown } | undefined;
      if (r.status !== 201 || typeof r.body.token !== 'string' || typeof device?.id !== 'string') {
        throw new ConfigError('register-failed', `注册设备 ${slot.deviceId} 失败：${String(r.body.message ?? r.status)}`);
      }
      return { deviceId: device.id, token: r.body.token, kind, regionCode: slot.regionCode };
    },
    async publicKeyPem() {
      const r = await call('GET', '/api/keys/playlist');
      if (r.status !== 200 || typeof r.body.publicKeyPem !== 'string') throw new ConfigError('public-key-failed', `获取服务器签名公钥失败：${String(r.body.message ?? r.status)}`);
      return r.body.publicKeyPem;
    },
  };
}

/** Arguments for sim.js running a prepared fleet. */
export function simArgs(files: FleetFiles, conn: Pick<FleetOptions, 'serverUrl' | 'mqttUrl'>): string[] {
  return ['--devices', files.devicesFile, '--server', conn.serverUrl, '--mqtt', conn.mqttUrl, '--public-key-file', files.keyFile, '--data-dir', files.agentsDir];
}

export function simScriptPath(): string {
  return SIM_SCRIPT;
}

/** Parses one agent JSON log line; null for anything else. */
export function parseAgentLogLine(line: string): AgentLogLine | null {
  const rec = parseJson(line) as Record<string, unknown> | null;
  if (!rec || typeof rec.msg !== 'string' || typeof rec.level !== 'string' || typeof rec.time !== 'string') return null;
  const timeMs = Date.parse(rec.time);
  if (Number.isNaN(timeMs)) return null;
  const out: AgentLogLine = { level: rec.level, msg: rec.msg, timeMs };
  if (typeof rec.deviceId === 'string') out.deviceId = rec.deviceId;
  if (typeof rec.version === 'string') out.version = rec.version;
  if (typeof rec.items === 'number') out.items = rec.items;
  if (typeof rec.sha256 === 'string') out.sha256 = rec.sha256;
  if (typeof rec.bytes === 'number') out.bytes = rec.bytes;
  return out;
}

function parseJson(text: string): unknown {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? v : null;
  } catch {
    return null;
  }
}


/** Runs sim.js for the fleet; agents' warnings and errors go to stderr, one summary line to stdout. */
function runFleet(opts: FleetOptions, fleet: PreparedFleet): void {
  const startedAt = Date.now();
  // Own process group: Ctrl+C reaches only this process, which passes it on once (a second SIGINT would make
  // sim.js exit without its graceful stop).
  const child = spawn(process.execPath, [SIM_SCRIPT, ...simArgs(fleet.files, opts)], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const connected = new Set<string>();
  const withPlaylist = new Set<string>();
  const total = fleet.devices.length;
  let summarised = false;
  const summarise = (): void => {
    if (summarised) return;
    summarised = true;
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    process.stdout.write(
      `模拟设备群已运行：${total} 台${KIND_LABELS[opts.kind]}（新注册 ${fleet.registered} 台，复用 ${fleet.reused} 台），` +
        `区划 ${opts.regionCodes.join('、')}，${connected.size}/${total} 台已连接、${withPlaylist.size}/${total} 台有节目单（${seconds} 秒）；` +
        `数据目录 ${fleet.files.dir}，按 Ctrl+C 停止\n`,
    );
  };
  const timer = setTimeout(summarise, SUMMARY_AFTER_MS);
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const rec = parseAgentLogLine(line);
    if (rec?.level === 'warn' || rec?.level === 'error' || (!rec && line.trim())) process.stderr.write(line + '\n');
    if (!rec?.deviceId) return;
    if (rec.msg === '已连接 MQTT') connected.add(rec.deviceId);
    // A rerun restores the stored playlist; the broker's retained copy is then a duplicate and not logged again.
    if (rec.msg === '收到节目单' || rec.msg === '已恢复本地节目单') withPlaylist.add(rec.deviceId);
    if (connected.size === total && withPlaylist.size === total) summarise();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void child.kill(signal));
  child.on('exit', (code, signal) => {
    clearTimeout(timer);
    process.exit(code ?? (signal ? 1 : 0));
  });
}

async function main(): Promise<void> {
  let opts: FleetOptions;
  let fleet: PreparedFleet;
  try {
    const parsed = parseFleetArgs(process.argv.slice(2), process.env);
    if (parsed.kind === 'help') {
      process.stdout.write(parsed.text);
      return;
    }
    opts = parsed.value;
    fleet = await prepareFleet(opts, await loginFleetApi(opts.serverUrl, opts.username, opts.password));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`配置错误（${err.code}）：${err.message}\n`);
    process.exit(2);
  }
  runFleet(opts, fleet);
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`模拟设备群出错：${err.message}\n`);
    process.exit(1);
  });
}
