import * as os from 'node:os';
import * as path from 'node:path';
import { parseClockOffset } from '../common/clock';

/** Everything configurable, read once at start from env and argv (flags win). Embedded defaults need nothing. */
export interface AppConfig {
  httpHost: string;
  httpPort: number;
  /** Port of the embedded broker; ignored when mqttUrl is set. */
  mqttPort: number;
  mqttHost: string;
  /** External broker (Mosquitto/EMQX); when unset the embedded aedes broker is started. */
  mqttUrl: string | null;
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
  timezone: string;
  /** Shared secret the external broker sends to the HTTP auth/ACL endpoints. */
  mqttAuthSecret: string | null;
  /** Parallel render jobs in this process (default: CPU cores). */
  renderConcurrency: number;
  /**
   * Online neural voices (edge). On by default and harmless without internet: its voices are then listed as
   * unavailable and renders fall back or wait as each content allows. `EDGE_TTS=off` removes them.
   */
  edgeTts: EdgeTtsConfig;
  /** Shift of the server clock in ms (CLOCK_OFFSET_MS, simulation and tests only; default 0). */
  clockOffsetMs: number;
}

export interface EdgeTtsConfig {
  enabled: boolean;
  /** Websocket URL of the service (`EDGE_TTS_URL`), e.g. a local stand-in; null: the public service. */
  endpoint: string | null;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

function flag(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = argv[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}

function bool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  return !['0', 'false', 'no', 'off'].includes(v.toLowerCase());
}

function port(v: string | undefined, dflt: number, name: string): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`配置错误：${name} 必须是 0–65535 之间的端口号，当前为 "${v}"`);
  return n;
}

function edgeEndpoint(v: string | undefined): string | null {
  if (v === undefined || v === '') return null;
  if (!/^wss?:\/\/[^\s/]+/.test(v)) throw new Error(`配置错误：EDGE_TTS_URL 必须是 ws:// 或 wss:// 开头的地址，当前为 "${v}"`);
  return v;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): AppConfig {
  const httpPort = port(flag(argv, 'port') ?? env.PORT, 3000, 'PORT');
  const mqttPort = port(flag(argv, 'mqtt-port') ?? env.MQTT_PORT, 1883, 'MQTT_PORT');
  const httpHost = env.HOST ?? '0.0.0.0';
  const mqttHost = env.MQTT_HOST ?? '0.0.0.0';
  const mqttUrl = flag(argv, 'mqtt-url') ?? env.MQTT_URL ?? null;
  const dataDir = path.resolve(flag(argv, 'data-dir') ?? env.DATA_DIR ?? 'data');
  const publicUrl = (env.PUBLIC_URL ?? `http://127.0.0.1:${httpPort}`).replace(/\/+$/, '');
  const demoAgentsOff = argv.includes('--no-demo-agents');
  const production = env.NODE_ENV === 'production';
  return {
    httpHost,
    httpPort,
    mqttPort,
    mqttHost,
    mqttUrl,
    publicUrl,
    publicMqttUrl: env.PUBLIC_MQTT_URL ?? mqttUrl ?? `mqtt://127.0.0.1:${mqttPort}`,
    mediaBaseUrl: env.MEDIA_BASE_URL ? env.MEDIA_BASE_URL.replace(/\/+$/, '') : null,
    dataDir,
    databaseUrl: env.DATABASE_URL ?? null,
    production,
    // A real county starts without the demo: `npm start` keeps it, production needs DEMO=1 to get it.
    demo: !argv.includes('--no-demo') && bool(env.DEMO, !production),
    demoAgents: !demoAgentsOff && bool(env.DEMO_AGENTS, true),
    jwtTtlSeconds: Number(env.JWT_TTL_SECONDS ?? 12 * 3600),
    playlistHorizonMs: Number(env.PLAYLIST_HORIZON_DAYS ?? 7) * 24 * 3600 * 1000,
    timezone: env.TZ_REGION ?? 'Asia/Shanghai',
    mqttAuthSecret: env.MQTT_AUTH_SECRET ?? null,
    renderConcurrency: Math.max(1, Number(env.RENDER_CONCURRENCY ?? os.cpus().length) || 1),
    edgeTts: { enabled: bool(env.EDGE_TTS, true), endpoint: edgeEndpoint(env.EDGE_TTS_URL) },
    clockOffsetMs: parseClockOffset(env.CLOCK_OFFSET_MS),
  };
}
