import { createPublicKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A configuration problem an operator must fix; `message` is Chinese, `code` stable. */
export class ConfigError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type BackendName = 'null' | 'command' | 'mpv' | 'ffplay' | 'aplay';
export type BackendConfig = { kind: 'null' } | { kind: 'command'; name: Exclude<BackendName, 'null'>; argv: string[] };

export interface ConnectionConfig {
  /** HTTP base URL without a trailing slash (media paths are resolved against it). */
  serverUrl: string;
  mqttUrl: string;
  publicKeyPem: string;
  dataDir: string;
  graceMs?: number;
  /** Media cache quota in bytes; DEFAULT_CACHE_QUOTA_BYTES when absent. */
  cacheQuotaBytes?: number;
  /** How the server's TLS certificate is checked (mqtts:// and https://); system CAs when absent. */
  tls?: TlsTrust;
}

/** `caPem`: trust this CA (mqtts and https); `fingerprint`: pin the SHA-256 of a certificate in the broker's chain. */
export interface TlsTrust {
  caPem?: string;
  /** Upper-case, colon-separated hex, as X509Certificate#fingerprint256 prints it. */
  fingerprint?: string;
}

export interface AgentConfig extends ConnectionConfig {
  deviceId: string;
  token: string;
  backend: BackendConfig;
}

export interface SimConfig extends ConnectionConfig {
  devicesFile: string;
}

export type CliResult<T> = { kind: 'ok'; value: T } | { kind: 'help'; text: string };

export type ReadTextFile = (file: string) => string;
type Env = Record<string, string | undefined>;

export const DEFAULT_CACHE_QUOTA_BYTES = 2 * 1024 ** 3;

/**
 * Preset command templates; `{file}` is replaced by the media path, `{volume}` by the device volume (0–100).
 * mpv shows video when the file has any.
 */
export const BACKEND_PRESETS: Record<'mpv' | 'ffplay' | 'aplay', string> = {
  mpv: 'mpv --no-terminal --fs --volume={volume} {file}',
  // -nodisp: ffplay would otherwise open a window for audio; use mpv or --command for video screens.
  ffplay: 'ffplay -nodisp -autoexit -loglevel error -volume {volume} {file}',
  // aplay plays WAV/PCM only.
  aplay: 'aplay -q {file}',
};

const BACKEND_NAMES: readonly BackendName[] = ['null', 'command', 'mpv', 'ffplay', 'aplay'];
const DEVICE_ID = /^[A-Za-z0-9._-]{1,128}$/;

interface FlagSpec {
  flag: string;
  env?: string;
}

const CONNECTION_FLAGS: FlagSpec[] = [
  { flag: 'server', env: 'SUNSHINE_SERVER' },
  { flag: 'mqtt', env: 'SUNSHINE_MQTT' },
  { flag: 'public-key', env: 'SUNSHINE_PUBLIC_KEY' },
  { flag: 'public-key-file', env: 'SUNSHINE_PUBLIC_KEY_FILE' },
  { flag: 'data-dir', env: 'SUNSHINE_DATA_DIR' },
  { flag: 'grace-ms', env: 'SUNSHINE_GRACE_MS' },
  { flag: 'cache-quota', env: 'SUNSHINE_CACHE_QUOTA' },
  { flag: 'ca-file', env: 'SUNSHINE_CA_FILE' },
  { flag: 'fingerprint', env: 'SUNSHINE_FINGERPRINT' },
];

const AGENT_FLAGS: FlagSpec[] = [
  ...CONNECTION_FLAGS,
  { flag: 'device-id', env: 'SUNSHINE_DEVICE_ID' },
  { flag: 'token', env: 'SUNSHINE_DEVICE_TOKEN' },
  { flag: 'backend', env: 'SUNSHINE_BACKEND' },
  { flag: 'command', env: 'SUNSHINE_COMMAND' },
  { flag: 'config', env: 'SUNSHINE_CONFIG' },
];

const SIM_FLAGS: FlagSpec[] = [...CONNECTION_FLAGS, { flag: 'devices' }];

export const AGENT_HELP = `阳光播控 播放代理 (Sunshine Cast player agent)

用法: node dist/player-agent/src/main.js --server <URL> --device-id <ID> --token <令牌> --public-key-file <PEM 文件> [选项]
      node dist/player-agent/src/main.js --config /etc/sunshine-agent/agent.json [选项]

  --config <路径>          JSON 配置文件（键名见 player-agent/README.md）；环境变量和命令行参数优先  (SUNSHINE_CONFIG)

  --server <URL>           服务器 HTTP 地址，如 http://127.0.0.1:3000           (SUNSHINE_SERVER)
  --mqtt <URL>             MQTT 地址，默认 mqtt://<服务器主机>:1883            (SUNSHINE_MQTT)
  --device-id <ID>         设备 ID（注册设备时获得）                           (SUNSHINE_DEVICE_ID)
  --token <令牌>           设备令牌（注册设备时获得）                          (SUNSHINE_DEVICE_TOKEN)
  --public-key <PEM>       服务器签名公钥 PEM 文本                             (SUNSHINE_PUBLIC_KEY)
  --public-key-file <路径> 服务器签名公钥 PEM 文件                             (SUNSHINE_PUBLIC_KEY_FILE)
  --data-dir <目录>        本地数据目录，默认 ./agent-data                     (SUNSHINE_DATA_DIR)
  --backend <名称>         播放后端: null | command | mpv | ffplay | aplay，默认 null (SUNSHINE_BACKEND)
  --command <模板>         命令模板，如 "mpv --no-video --volume={volume} {file}"（不经过 shell；
                           {volume} 为远程设置的音量 0–100，可省略）          (SUNSHINE_COMMAND)
  --grace-ms <毫秒>        错过开播时间后仍可补播的宽限时间                    (SUNSHINE_GRACE_MS)
  --cache-quota <大小>     媒体缓存上限，如 2G、500M 或字节数，默认 2G         (SUNSHINE_CACHE_QUOTA)
  --ca-file <路径>         用此 CA 证书校验 mqtts:// 和 https:// 服务器证书    (SUNSHINE_CA_FILE)
  --fingerprint <SHA256>   固定 mqtts:// 服务器证书链中某证书的 SHA-256 指纹  (SUNSHINE_FINGERPRINT)
  --check                  只检查配置（含公钥、CA 文件）后退出
  --help                   显示本帮助
`;

export const SIM_HELP = `阳光播控 模拟设备 (Sunshine Cast agent simulation)

用法: node dist/player-agent/src/sim.js --devices devices.json --server <URL> --public-key-file <PEM 文件> [选项]

  --devices <路径>         设备列表 JSON: [{ "deviceId": "...", "token": "..." }]
  --server, --mqtt, --public-key, --public-key-file, --grace-ms, --cache-quota, --ca-file, --fingerprint  同播放代理
  --data-dir <目录>        数据目录，每台设备一个子目录，默认 ./sim-data
  --help                   显示本帮助
`;

export function parseAgentConfig(argv: string[], env: Env, readFile: ReadTextFile = readUtf8): CliResult<AgentConfig> {
  const values = readFlags(argv, env, AGENT_FLAGS);
  if (values === 'help') return { kind: 'help', text: AGENT_HELP };
  const configFile = values.get('config');
  if (configFile !== undefined) mergeUnder(values, readConfigFile(configFile, readFile));
  const deviceId = required(values, 'device-id', 'SUNSHINE_DEVICE_ID', '设备 ID');
  if (!DEVICE_ID.test(deviceId)) {
    throw new ConfigError('invalid-device-id', `设备 ID “${deviceId}” 无效：只能包含字母、数字、点、下划线和连字符`);
  }
  const token = required(values, 'token', 'SUNSHINE_DEVICE_TOKEN', '设备令牌');
  return {
    kind: 'ok',
    value: {
      ...connection(values, readFile, './agent-data'),
      deviceId,
      token,
      backend: backendOf(values.get('backend'), values.get('command')),
    },
  };
}

export function parseSimConfig(argv: string[], env: Env, readFile: ReadTextFile = readUtf8): CliResult<SimConfig> {
  const values = readFlags(argv, env, SIM_FLAGS);
  if (values === 'help') return { kind: 'help', text: SIM_HELP };
  const devicesFile = path.resolve(required(values, 'devices', undefined, '设备列表文件'));
  return { kind: 'ok', value: { ...connection(values, readFile, './sim-data'), devicesFile } };
}

export interface SimDevice {
  deviceId: string;
  token: string;
}

/** Reads the simulation's devices.json: `[{ "deviceId": "...", "token": "..." }]`. */
export function loadSimDevices(file: string, readFile: ReadTextFile = readUtf8): SimDevice[] {
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    throw new ConfigError('devices-file-unreadable', `无法读取设备列表文件 ${file}：${(err as Error).message}`);
  }
  return parseSimDevices(text);
}

export function parseSimDevices(text: string): SimDevice[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigError('invalid-devices-file', '设备列表文件不是有效的 JSON');
  }
  if (!Array.isArray(raw) || raw.length === 0) throw new ConfigError('invalid-devices-file', '设备列表必须是非空数组：[{ "deviceId": "...", "token": "..." }]');
  const seen = new Set<string>();
  return raw.map((d: unknown, i) => {
    const { deviceId, token } = (d ?? {}) as Partial<SimDevice>;
    if (typeof deviceId !== 'string' || !DEVICE_ID.test(deviceId) || typeof token !== 'string' || token === '') {
      throw new ConfigError('invalid-devices-file', `设备列表第 ${i + 1} 项无效：需要合法的 deviceId 和非空 token`);
    }
    if (seen.has(deviceId)) throw new ConfigError('invalid-devices-file', `设备列表中设备 ID 重复：${deviceId}`);
    seen.add(deviceId);
    return { deviceId, token };
  });
}

/**
 * Splits a command template into argv the way a shell would for the simple cases, without running a shell:
 * whitespace separates words, "..." groups (with \" and \\ escapes), '...' groups literally.
 */
export function splitCommandTemplate(template: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && (template[i + 1] === '"' || template[i + 1] === '\\')) word += template[++i];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new ConfigError('bad-command-template', `命令模板中的引号 ${quote} 没有闭合：${template}`);
  if (inWord) words.push(word);
  if (words.length === 0) throw new ConfigError('bad-command-template', '命令模板为空');
  if (!words.some((w) => w.includes('{file}'))) {
    throw new ConfigError('bad-command-template', `命令模板必须包含 {file}（媒体文件路径的位置）：${template}`);
  }
  return words;
}

/** Substitutes the media path (and volume) into a split template; the path stays one argument whatever it contains. */
export function expandCommand(argv: readonly string[], file: string, volume = 100): string[] {
  // {volume} first: a file name containing "{volume}" must stay as it is.
  return argv.map((arg) => arg.split('{file}').map((part) => part.split('{volume}').join(String(volume))).join(file));
}

const SIZE = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i;
const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** "2G", "500M", "1.5GiB", "1048576" → bytes (binary units); null when malformed. */
export function parseByteSize(raw: string): number | null {
  const m = SIZE.exec(raw.trim());
  if (!m) return null;
  const bytes = Math.floor(Number(m[1]) * SIZE_UNITS[m[2].toLowerCase()]);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

function connection(values: Map<string, string>, readFile: ReadTextFile, defaultDataDir: string): ConnectionConfig {
  const serverUrl = httpUrl(required(values, 'server', 'SUNSHINE_SERVER', '服务器地址'));
  const mqttUrl = values.get('mqtt') ?? `mqtt://${new URL(serverUrl).hostname}:1883`;
  if (!/^(mqtts?|wss?|tcp|tls):\/\/[^/]+/.test(mqttUrl)) {
    throw new ConfigError('invalid-mqtt-url', `MQTT 地址 “${mqttUrl}” 无效，应形如 mqtt://主机:1883`);
  }
  const grace = values.get('grace-ms');
  const config: ConnectionConfig = {
    serverUrl,
    mqttUrl,
    publicKeyPem: publicKey(values, readFile),
    dataDir: path.resolve(values.get('data-dir') ?? defaultDataDir),
  };
  if (grace !== undefined) {
    if (!/^\d+$/.test(grace)) throw new ConfigError('invalid-grace-ms', `--grace-ms 必须是非负整数（毫秒），收到 “${grace}”`);
    config.graceMs = Number(grace);
  }
  const tls = tlsTrust(values, readFile, mqttUrl);
  if (tls) config.tls = tls;
  const quota = values.get('cache-quota');
  if (quota !== undefined) {
    const bytes = parseByteSize(quota);
    if (bytes === null || bytes <= 0) throw new ConfigError('invalid-cache-quota', `--cache-quota 应为正的大小，如 2G、500M 或字节数，收到 “${quota}”`);
    config.cacheQuotaBytes = bytes;
  }
  return config;
}

const FINGERPRINT = /^[0-9a-f]{64}$/i;

function tlsTrust(values: Map<string, string>, readFile: ReadTextFile, mqttUrl: string): TlsTrust | null {
  const trust: TlsTrust = {};
  const caFile = values.get('ca-file');
  if (caFile !== undefined) {
    let pem: string;
    try {
      pem = readFile(caFile);
    } catch (err) {
      throw new ConfigError('ca-file-unreadable', `无法读取 CA 证书文件 ${caFile}：${(err as Error).message}`);
    }
    try {
      new X509Certificate(pem);
    } catch {
      throw new ConfigError('invalid-ca-file', `CA 证书文件 ${caFile} 无效：应为 PEM 格式（-----BEGIN CERTIFICATE-----）`);
    }
    trust.caPem = pem;
  }
  const fingerprint = values.get('fingerprint');
  if (fingerprint !== undefined) {
    const hex = fingerprint.replace(/^sha256[:=]/i, '').replace(/[:\s]/g, '');
    if (!FINGERPRINT.test(hex)) {
      throw new ConfigError('invalid-fingerprint', `证书指纹 “${fingerprint}” 无效：应为 64 位十六进制 SHA-256（可用冒号分隔）`);
    }
    if (!/^(mqtts|wss|tls):/.test(mqttUrl)) {
      throw new ConfigError('fingerprint-needs-tls', `--fingerprint 只用于加密连接：MQTT 地址应以 mqtts:// 开头，当前为 “${mqttUrl}”`);
    }
    trust.fingerprint = hex.toUpperCase().match(/../g)!.join(':');
  }
  return trust.caPem || trust.fingerprint ? trust : null;
}

/** JSON keys of the agent's config file and the flag each stands for. */
const CONFIG_FILE_KEYS: Record<string, { flag: string; path?: boolean; number?: boolean }> = {
  server: { flag: 'server' },
  mqtt: { flag: 'mqtt' },
  deviceId: { flag: 'device-id' },
  token: { flag: 'token' },
  publicKey: { flag: 'public-key' },
  publicKeyFile: { flag: 'public-key-file', path: true },
  dataDir: { flag: 'data-dir', path: true },
  backend: { flag: 'backend' },
  command: { flag: 'command' },
  graceMs: { flag: 'grace-ms', number: true },
  cacheQuota: { flag: 'cache-quota', number: true },
  caFile: { flag: 'ca-file', path: true },
  fingerprint: { flag: 'fingerprint' },
};

/**
 * The agent's JSON config file as flag values. Relative paths are relative to the file, so a config dir can be
 * moved whole. Unknown keys are errors: a misspelt key silently ignored is a device that never comes online.
 */
export function readConfigFile(file: string, readFile: ReadTextFile = readUtf8): Map<string, string> {
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    throw new ConfigError('config-file-unreadable', `无法读取配置文件 ${file}：${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError('invalid-config-file', `配置文件 ${file} 不是有效的 JSON：${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('invalid-config-file', `配置文件 ${file} 应为 JSON 对象，如 { "server": "http://…", "deviceId": "…" }`);
  }
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    const spec = CONFIG_FILE_KEYS[key];
    if (!spec) {
      throw new ConfigError('unknown-config-key', `配置文件 ${file} 中有未知的键 “${key}”，可用：${Object.keys(CONFIG_FILE_KEYS).join('、')}`);
    }
    if (value === null) continue;
    const ok = typeof value === 'string' || (spec.number === true && typeof value === 'number' && Number.isFinite(value));
    if (!ok) throw new ConfigError('invalid-config-value', `配置文件 ${file} 中 “${key}” 应为${spec.number ? '数字或' : ''}字符串`);
    const text = String(value);
    values.set(spec.flag, spec.path ? path.resolve(path.dirname(path.resolve(file)), text) : text);
  }
  return values;
}

/** Adds the file's values under what flags and environment already set (they win), alternatives included. */
function mergeUnder(values: Map<string, string>, fromFile: Map<string, string>): void {
  for (const [flag, value] of fromFile) {
    if (values.has(flag)) continue;
    const alternative = ALTERNATIVES[flag];
    if (alternative && values.has(alternative)) continue;
    values.set(flag, value);
  }
}

/** An http(s) base URL without trailing slashes, or a ConfigError an operator understands. */
export function httpUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('invalid-server-url', `服务器地址 “${raw}” 无效，应形如 http://127.0.0.1:3000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('invalid-server-url', `服务器地址必须以 http:// 或 https:// 开头，收到 “${raw}”`);
  }
  return url.toString().replace(/\/+$/, '');
}

function publicKey(values: Map<string, string>, readFile: ReadTextFile): string {
  const file = values.get('public-key-file');
  // Env files cannot hold multi-line values; accept PEM with literal "\n".
  let pem = values.get('public-key')?.replace(/\\n/g, '\n');
  if (pem === undefined && file !== undefined) {
    try {
      pem = readFile(file);
    } catch (err) {
      throw new ConfigError('public-key-unreadable', `无法读取服务器公钥文件 ${file}：${(err as Error).message}`);
    }
  }
  if (pem === undefined) {
    throw new ConfigError('missing-public-key', '缺少服务器签名公钥：请用 --public-key-file <文件> 或 --public-key <PEM>（或环境变量 SUNSHINE_PUBLIC_KEY）提供');
  }
  try {
    createPublicKey(pem);
  } catch {
    throw new ConfigError('invalid-public-key', '服务器签名公钥无效：应为 PEM 格式（-----BEGIN PUBLIC KEY-----）');
  }
  return pem;
}

function backendOf(name: string | undefined, command: string | undefined): BackendConfig {
  const chosen = name ?? (command !== undefined ? 'command' : 'null');
  if (!BACKEND_NAMES.includes(chosen as BackendName)) {
    throw new ConfigError('invalid-backend', `未知的播放后端 “${chosen}”，可选：${BACKEND_NAMES.join(' | ')}`);
  }
  const backend = chosen as BackendName;
  if (backend === 'null') return { kind: 'null' };
  if (backend === 'command') {
    if (command === undefined) throw new ConfigError('missing-command', '使用 --backend command 时必须用 --command 提供命令模板，如 "mpv --no-video {file}"');
    return { kind: 'command', name: 'command', argv: splitCommandTemplate(command) };
  }
  return { kind: 'command', name: backend, argv: splitCommandTemplate(command ?? BACKEND_PRESETS[backend]) };
}

function required(values: Map<string, string>, flag: string, env: string | undefined, label: string): string {
  const value = values.get(flag);
  if (value === undefined || value === '') {
    const hint = env ? `--${flag} 或环境变量 ${env}` : `--${flag}`;
    throw new ConfigError(`missing-${flag}`, `缺少${label}：请用 ${hint} 提供（--help 查看用法）`);
  }
  return value;
}

/** Either of these replaces the other when given on the command line over the environment. */
const ALTERNATIVES: Record<string, string> = { 'public-key': 'public-key-file', 'public-key-file': 'public-key' };

/** Flags win over environment variables. Accepts `--name value` and `--name=value`. */
function readFlags(argv: string[], env: Env, specs: FlagSpec[]): Map<string, string> | 'help' {
  const known = new Set(specs.map((s) => s.flag));
  const values = new Map<string, string>();
  const fromEnv = new Set<string>();
  for (const spec of specs) {
    const value = spec.env ? env[spec.env] : undefined;
    if (value !== undefined && value !== '') {
      values.set(spec.flag, value);
      fromEnv.add(spec.flag);
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const m = /^--([a-z-]+)(?:=([\s\S]*))?$/.exec(arg);
    if (!m || !known.has(m[1])) throw new ConfigError('unknown-flag', `未知参数 “${arg}”（--help 查看用法）`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new ConfigError('missing-flag-value', `参数 --${m[1]} 缺少取值`);
    values.set(m[1], value);
    const alternative = ALTERNATIVES[m[1]];
    if (alternative && fromEnv.has(alternative)) values.delete(alternative);
  }
  return values;
}

function readUtf8(file: string): string {
  return fs.readFileSync(file, 'utf8');
}
