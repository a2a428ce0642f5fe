import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAlertsConfig } from '../alerts/alerts-config';
import { parseClockOffset } from '../common/clock';
import { EnvReader, EnvReaderDeps, flag } from './env-reader';

/** Everything configurable, read once at start from env and argv (flags win). Embedded defaults need nothing. */
export interface AppConfig {
  httpHost: string;
  httpPort: number;
  /** Port of the embedded broker; ignored when mqttUrl is set. */
  mqttPort: number;
  mqttHost: string;
  /** External broker (Mosquitto/EMQX); when unset the embedded aedes broker is started. */
  mqttUrl: string | null;
  /**
   * How device credentials and ACLs reach the broker: `embedded` (aedes in this process, no MQTT_URL), `http-hooks`
   * (the external broker asks /api/mqtt/auth and /api/mqtt/acl: EMQX, Mosquitto go-auth) or `mosquitto-dynsec` (this
   * server provisions Mosquitto's dynamic-security plugin as its admin client).
   */
  mqttBroker: MqttBrokerMode;
  /** Dynamic-security admin client (`MQTT_ADMIN_USERNAME`/`MQTT_ADMIN_PASSWORD`); set only in mosquitto-dynsec mode. */
  mqttAdmin: { username: string; password: string } | null;
  /** URL agents use to reach this server over HTTP (media downloads). */
  publicUrl: string;
  /** URL agents use to reach the broker. */
  publicMqttUrl: string;
  /** Optional absolute base for media URLs (an HTTP cache in front of /media). */
  mediaBaseUrl: string | null;
  dataDir: string;
  databaseUrl: string | null;
  /** NODE_ENV=production (`npm run start:prod`): no demo unless asked for, and demo passwords refuse the start. */
  production: boolean;
  demo: boolean;
  demoAgents: boolean;
  jwtTtlSeconds: number;
  playlistHorizonMs: number;
  /** IANA zone schedules, quiet hours and displayed dates are written in (`TIME_ZONE`, default Asia/Shanghai). */
  timezone: string;
  /** Shared secret the external broker sends to the HTTP auth/ACL endpoints (generated under DATA_DIR when unset). */
  mqttAuthSecret: string | null;
  /** Requests per second per client address the broker hooks accept (burst: twice this). */
  mqttHookRatePerSecond: number;
  /** MQTT over TLS on the embedded broker; null: plain TCP only. */
  mqttTls: MqttTlsConfig | null;
  /** Parallel render jobs of a render worker process (`npm run worker`; default: CPU cores). */
  renderConcurrency: number;
  /**
   * Render jobs the API process itself runs at once (`RENDER_WORKERS`, default: renderConcurrency). 0: none — the
   * API only queues, and `npm run worker` processes (on this or other machines) render.
   */
  renderWorkers: number;
  /** How long a claimed render job stays with its worker without a renewal (a crashed worker's job is re-claimed after it). */
  renderLeaseMs: number;
  /** The media store (content-addressed files); shared storage when workers run on other machines. */
  mediaDir: string;
  /**
   * Online neural voices (edge). On by default and harmless without internet: its voices are then listed as
   * unavailable and renders fall back or wait as each content allows. `EDGE_TTS=off` removes them.
   */
  edgeTts: EdgeTtsConfig;
  /** Shift of the server clock in ms (CLOCK_OFFSET_MS, simulation and tests only; default 0). */
  clockOffsetMs: number;
  /** Username of the server's own MQTT client (`MQTT_USERNAME`, default sunshine-server). */
  mqttUsername: string;
  /** The server's MQTT password (`MQTT_PASSWORD`); null: generated once and kept in the data dir. */
  mqttPassword: string | null;
  /**
   * The client id of the server's persistent MQTT session (`MQTT_CLIENT_ID`); null: derived per installation and
   * API process (`server/src/mqtt/server-client-id.ts`).
   */
  mqttClientId: string | null;
  /** Secret signing operator sessions (`SECRET_JWT`); null: generated once and kept in the data dir. */
  jwtSecret: string | null;
  /** `/api/health` reports the media store down below this many free bytes (`HEALTH_MIN_FREE_MB`, default 256). */
  healthMinFreeBytes: number;
  /** `text`: today's readable lines; `json`: one pino JSON object a line; `pretty`: pino through pino-pretty. */
  logFormat: LogFormat;
  /** How long rows are kept before the daily retention job deletes them. */
  retention: RetentionConfig;
  /** Deprecation notes found while reading the settings, logged once at start. */
  warnings: string[];
}

export type LogFormat = 'text' | 'json' | 'pretty';

/** Days each kind of row is kept; the audit trail is kept longest (checked at start). */
export interface RetentionConfig {
  playLogDays: number;
  renderJobDays: number;
  alertDeliveryDays: number;
  auditDays: number;
  /** Media files no rendition, recording or playlist references for this many days are deleted from the store. */
  mediaUnreferencedDays: number;
}

export const MQTT_BROKER_MODES = ['embedded', 'http-hooks', 'mosquitto-dynsec'] as const;
export type MqttBrokerMode = (typeof MQTT_BROKER_MODES)[number];

/**
 * MQTT_CLIENT_ID, when set: it names the server's broker session, so it must stay the same across restarts of this
 * process and differ from every other client's (another API process's, any device's).
 */
export function mqttClientId(r: EnvReader): string | null {
  const id = r.optional('MQTT_CLIENT_ID');
  if (id !== null && !/^[A-Za-z0-9._:-]{1,64}$/.test(id)) r.problem('MQTT_CLIENT_ID', '只能由字母、数字和 . _ : - 组成，长度 1–64 个字符', id);
  return id;
}

/** MQTT_BROKER against MQTT_URL: embedded needs no URL, the external modes need one; the dynsec admin needs a password. */
export function mqttBrokerConfig(r: EnvReader, mqttUrl: string | null): { mode: MqttBrokerMode; admin: AppConfig['mqttAdmin'] } {
  const mode = r.oneOf<MqttBrokerMode>('MQTT_BROKER', MQTT_BROKER_MODES, mqttUrl ? 'http-hooks' : 'embedded');
  if (mode === 'embedded' && mqttUrl) r.problem('MQTT_BROKER', 'embedded（内置消息服务）不能与 MQTT_URL 同时设置，外部消息服务请用 http-hooks 或 mosquitto-dynsec', mode);
  if (mode !== 'embedded' && !mqttUrl) r.problem('MQTT_BROKER', `${mode} 需要用 MQTT_URL 指定外部消息服务器地址`, mode);
  if (mode !== 'mosquitto-dynsec') return { mode, admin: null };
  const password = r.raw('MQTT_ADMIN_PASSWORD');
  if (password === undefined) r.problem('MQTT_ADMIN_PASSWORD', '必须设置：mosquitto-dynsec 模式下服务器以动态安全插件管理员身份（mosquitto_ctrl dynsec init 创建的账号）登记设备账号');
  return { mode, admin: password === undefined ? null : { username: r.string('MQTT_ADMIN_USERNAME', 'admin'), password } };
}

export interface EdgeTtsConfig {
  enabled: boolean;
  /** Websocket URL of the service (`EDGE_TTS_URL`), e.g. a local stand-in; null: the public service. */
  endpoint: string | null;
}

/** Certificate and key files, or a CA + server pair generated once and kept under DATA_DIR/tls. */
export type MqttTlsSource = { kind: 'files'; certFile: string; keyFile: string } | { kind: 'self-signed' };

export interface MqttTlsConfig {
  port: number;
  host: string;
  source: MqttTlsSource;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Every bad setting, one Chinese line each; the process exits with code 2 (a configuration error). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

export const CONFIG_EXIT_CODE = 2;

const MQTT_SCHEMES = ['mqtt', 'mqtts', 'tcp', 'ssl', 'ws', 'wss'];
const HTTP_SCHEMES = ['http', 'https'];
const DAY_S = 24 * 3600;
const fsDeps: EnvReaderDeps = { fileExists: (p) => fs.existsSync(p) };

function positive(v: string | undefined, dflt: number, name: string): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`配置错误：${name} 必须是正数，当前为 "${v}"`);
  return n;
}

/** MQTT_TLS_CERT + MQTT_TLS_KEY (files), or MQTT_TLS=self-signed; MQTT_TLS_PORT defaults to 8883. */
export function mqttTlsConfig(env: NodeJS.ProcessEnv, argv: string[], mqttHost: string, tlsPort: () => number): MqttTlsConfig | null {
  const mode = (flag(argv, 'mqtt-tls') ?? env.MQTT_TLS ?? '').trim().toLowerCase();
  const certFile = env.MQTT_TLS_CERT || undefined;
  const keyFile = env.MQTT_TLS_KEY || undefined;
  if (mode === 'self-signed') {
    if (certFile || keyFile) throw new Error('配置错误：MQTT_TLS=self-signed 与 MQTT_TLS_CERT/MQTT_TLS_KEY 不能同时设置');
    return { port: tlsPort(), host: mqttHost, source: { kind: 'self-signed' } };
  }
  if (mode !== '' && mode !== 'on' && !['0', 'false', 'no', 'off'].includes(mode)) {
    throw new Error(`配置错误：MQTT_TLS 只能是 self-signed、on 或 off，当前为 "${mode}"`);
  }
  if (['0', 'false', 'no', 'off'].includes(mode)) return null;
  if (!certFile && !keyFile) {
    if (mode === 'on') throw new Error('配置错误：MQTT_TLS=on 需要 MQTT_TLS_CERT 和 MQTT_TLS_KEY（证书和私钥 PEM 文件），或改用 MQTT_TLS=self-signed');
    return null;
  }
  if (!certFile || !keyFile) throw new Error('配置错误：MQTT_TLS_CERT 和 MQTT_TLS_KEY 必须同时设置（证书和私钥 PEM 文件）');
  return { port: tlsPort(), host: mqttHost, source: { kind: 'files', certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) } };
}

/**
 * Reads every setting from env and argv (flags win), checks type, range and allowed values, and either returns
 * the configuration or throws a ConfigError listing every bad value. Embedded defaults need nothing set.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2), deps: EnvReaderDeps = fsDeps): AppConfig {
  const r = new EnvReader(env, argv, deps);
  const httpPort = r.port('PORT', 3000, 'port');
  const mqttPort = r.port('MQTT_PORT', 1883, 'mqtt-port');
  const mqttUrl = r.url('MQTT_URL', MQTT_SCHEMES, 'mqtt-url');
  const dataDir = path.resolve(r.string('DATA_DIR', 'data', 'data-dir'));
  const databaseUrl = r.optional('DATABASE_URL');
  if (databaseUrl !== null && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl)) {
    // Never a silent fallback to SQLite: data written there would be lost to the intended database.
    r.problem('DATABASE_URL', '只支持 postgres:// 或 postgresql:// 开头的地址（留空则使用数据目录中的 SQLite）', redactUrl(databaseUrl));
  }
  const mqttPassword = r.aliased('MQTT_PASSWORD', ['SECRET_MQTT_SERVER']) ?? null;
  const edgeTtsUrl = r.url('EDGE_TTS_URL', ['ws', 'wss']);
  // Read by the demo seeder; checked here so a too-short password stops the start, not a login later.
  r.boundedString('SEED_PASSWORD', 8, 72);
  r.oneOf('LOG_LEVEL', ['info', 'debug'], 'info');
  r.existingPath('FFMPEG_PATH');
  r.existingPath('FFPROBE_PATH');
  r.existingPath('CJK_FONT_DIR');
  r.collect(null, () => loadAlertsConfig(env));
  const production = env.NODE_ENV === 'production';
  const mqttHost = r.string('MQTT_HOST', '0.0.0.0');
  const renderConcurrency = r.int('RENDER_CONCURRENCY', Math.max(1, os.cpus().length), { min: 1, max: 64 });
  const broker = mqttBrokerConfig(r, mqttUrl);
  const config: AppConfig = {
    httpHost: r.string('HOST', '0.0.0.0'),
    httpPort,
    mqttPort,
    mqttHost,
    mqttUrl,
    mqttBroker: broker.mode,
    mqttAdmin: broker.admin,
    publicUrl: r.url('PUBLIC_URL', HTTP_SCHEMES) ?? `http://127.0.0.1:${httpPort}`,
    publicMqttUrl: r.url('PUBLIC_MQTT_URL', MQTT_SCHEMES) ?? mqttUrl ?? `mqtt://127.0.0.1:${mqttPort}`,
    mediaBaseUrl: r.url('MEDIA_BASE_URL', HTTP_SCHEMES),
    dataDir,
    databaseUrl,
    production,
    // A real county starts without the demo: `npm start` keeps it, production needs DEMO=1 to get it.
    demo: !argv.includes('--no-demo') && r.bool('DEMO', !production),
    demoAgents: !argv.includes('--no-demo-agents') && r.bool('DEMO_AGENTS', true),
    jwtTtlSeconds: r.int('JWT_TTL_SECONDS', 12 * 3600, { min: 60, max: 30 * DAY_S, unit: '秒' }),
    playlistHorizonMs: r.number('PLAYLIST_HORIZON_DAYS', 7, { min: 0.01, max: 31, unit: '天' }) * DAY_S * 1000,
    timezone: r.timeZone('TIME_ZONE', 'Asia/Shanghai', ['TZ_REGION']),
    mqttAuthSecret: r.optional('MQTT_AUTH_SECRET'),
    mqttHookRatePerSecond: r.collect(100, () => positive(env.MQTT_HOOK_RATE, 100, 'MQTT_HOOK_RATE')),
    mqttTls: r.collect(null, () => mqttTlsConfig(env, argv, mqttHost, () => r.port('MQTT_TLS_PORT', 8883, 'mqtt-tls-port'))),
    renderConcurrency,
    renderWorkers: r.int('RENDER_WORKERS', renderConcurrency, { min: 0, max: 64 }),
    renderLeaseMs: r.int('RENDER_LEASE_SECONDS', 60, { min: 5, max: 3600, unit: '秒' }) * 1000,
    mediaDir: path.resolve(r.string('MEDIA_DIR', path.join(dataDir, 'media'))),
    edgeTts: { enabled: r.bool('EDGE_TTS', true), endpoint: edgeTtsUrl },
    clockOffsetMs: r.collect(0, () => parseClockOffset(env.CLOCK_OFFSET_MS)),
    mqttUsername: r.string('MQTT_USERNAME', 'sunshine-server'),
    mqttPassword,
    mqttClientId: mqttClientId(r),
    jwtSecret: r.optional('SECRET_JWT'),
    healthMinFreeBytes: r.int('HEALTH_MIN_FREE_MB', 256, { min: 0, max: 10_000_000, unit: 'MB' }) * 1024 * 1024,
    // JSON for machines (production, log collectors); a terminal keeps the readable lines the README shows.
    logFormat: r.oneOf<LogFormat>('LOG_FORMAT', ['text', 'json', 'pretty'], production ? 'json' : 'text'),
    retention: retentionConfig(r),
    warnings: r.warnings,
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

/** Retention days; the audit trail answers "who did what" long after the rows it talks about are gone. */
function retentionConfig(r: EnvReader): RetentionConfig {
  const days = (name: string, dflt: number): number => r.int(name, dflt, { min: 1, max: 36_500, unit: '天' });
  const c: RetentionConfig = {
    playLogDays: days('RETAIN_PLAY_LOGS_DAYS', 400),
    renderJobDays: days('RETAIN_RENDER_JOBS_DAYS', 30),
    alertDeliveryDays: days('RETAIN_ALERT_DELIVERIES_DAYS', 400),
    auditDays: days('RETAIN_AUDIT_DAYS', 1_830),
    mediaUnreferencedDays: days('MEDIA_GC_DAYS', 30),
  };
  const longest = Math.max(c.playLogDays, c.renderJobDays, c.alertDeliveryDays);
  if (c.auditDays < longest) r.problem('RETAIN_AUDIT_DAYS', `必须不小于其他保留天数中最长的 ${longest} 天（审计日志保留最久）`, String(c.auditDays));
  return c;
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
