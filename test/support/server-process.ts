import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

export const ROOT = path.resolve(__dirname, '../..');
export const SERVER_MAIN = path.join(ROOT, 'dist/server/src/main.js');
export const AGENT_MAIN = path.join(ROOT, 'dist/player-agent/src/main.js');
export const SEED_PASSWORD = 'e2e-Passw0rd';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * `E2E_POSTGRES_URL` (a PostgreSQL database whose user may CREATE DATABASE; `.ci/run` sets it for its second
 * jest run) makes every server run on PostgreSQL instead of SQLite: each data dir gets a database of its own with
 * a random name, so a restart on the same data dir finds its data again. They are dropped when the test file
 * ends (not at stop: a test may stop a server to restart it on the same data).
 */
export const E2E_POSTGRES_URL = process.env.E2E_POSTGRES_URL || undefined;
const e2eDatabases = new Map<string, string>();
/**
 * A first start on PostgreSQL migrates and seeds the demo county over a socket to another process competing for
 * the same 2 cores (hundreds of round trips instead of in-process SQLite calls): give it longer to come up.
 */
const PG_START_MS = 90_000;

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: E2E_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, empty PostgreSQL database on E2E_POSTGRES_URL's server; returns its URL. Dropped when the file ends. */
export async function createE2eDatabase(): Promise<string> {
  if (!E2E_POSTGRES_URL) throw new Error('E2E_POSTGRES_URL is not set');
  const name = `sunshine_e2e_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(E2E_POSTGRES_URL);
  url.pathname = `/${name}`;
  e2eDatabases.set(url.toString(), name);
  return url.toString();
}

async function dropE2eDatabases(): Promise<void> {
  for (const name of e2eDatabases.values()) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  e2eDatabases.clear();
}

// Jest's hooks exist when a test file imports this module (not in benches or scripts).
if (E2E_POSTGRES_URL && typeof afterAll === 'function') afterAll(dropE2eDatabases, 60_000);

/** The DATABASE_URL a server on this data dir uses in PostgreSQL mode: the same one across restarts. */
async function e2eDatabaseFor(dataDir: string): Promise<string> {
  const marker = path.join(dataDir, '.e2e-database-url');
  if (fs.existsSync(marker)) return fs.readFileSync(marker, 'utf8');
  const url = await createE2eDatabase();
  fs.writeFileSync(marker, url);
  return url;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sunshine-${prefix}-`));
}

export interface RunningServer {
  url: string;
  mqttUrl: string;
  httpPort: number;
  mqttPort: number;
  dataDir: string;
  proc: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** The built server as a child process on free ports with a temp data dir: real SQLite, real broker, real ffmpeg. */
export interface StartServerOptions {
  demoAgents?: boolean;
  env?: Record<string, string>;
  /** Restart on the same ports and data dir as a previous run (free ports and a temp dir otherwise). */
  httpPort?: number;
  mqttPort?: number;
  dataDir?: string;
  /** Stay on SQLite in the data dir even when E2E_POSTGRES_URL is set (tests of the SQLite file itself). */
  sqlite?: boolean;
  /** An external broker instead of the embedded one: its env (MQTT_URL, MQTT_BROKER, …) and URL. */
  broker?: { url: string; serverEnv: Record<string, string> } | null;
}

export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  // A free port found here can be taken by another test process before the server binds it: try fresh ones.
  const portsChosenHere = opts.httpPort === undefined && opts.mqttPort === undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOnce(opts);
    } catch (err) {
      if (!portsChosenHere || attempt >= 3 || !/EADDRINUSE/.test((err as Error).message)) throw err;
    }
  }
}

async function startServerOnce(opts: StartServerOptions): Promise<RunningServer> {
  if (!fs.existsSync(SERVER_MAIN)) throw new Error('dist missing: run `npm run build` first (npm test does)');
  const httpPort = opts.httpPort ?? (await freePort());
  const mqttPort = opts.mqttPort ?? (await freePort());
  const dataDir = opts.dataDir ?? tempDir('server');
  const postgres = E2E_POSTGRES_URL && !opts.sqlite && !opts.env?.DATABASE_URL ? { DATABASE_URL: await e2eDatabaseFor(dataDir) } : {};
  const args = [SERVER_MAIN];
  if (!opts.demoAgents) args.push('--no-demo-agents');
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(httpPort),
      MQTT_PORT: String(mqttPort),
      HOST: '127.0.0.1',
      MQTT_HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_PASSWORD,
      ...postgres,
      ...opts.broker?.serverEnv,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${httpPort}`;
  await waitFor(async () => {
    if (proc.exitCode !== null) throw new Error(`server exited early (${proc.exitCode}):\n${out}`);
    const r = await fetch(`${url}/api/health`).catch(() => null);
    return r?.ok ? true : null;
  }, postgres.DATABASE_URL || opts.env?.DATABASE_URL ? PG_START_MS : 30_000, () => `server did not become healthy:\n${out}`);
  return {
    url,
    mqttUrl: opts.broker?.url ?? `mqtt://127.0.0.1:${mqttPort}`,
    httpPort,
    mqttPort,
    dataDir,
    proc,
    output: () => out,
    stop: () => stopProcess(proc),
  };
}

export async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Polls until `probe` returns a non-null value; polling, not sleeping a fixed time. */
export async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs: number, describe: () => string | Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== null && v !== undefined) return v;
    } catch (err) {
      lastError = err;
      if ((err as Error).message?.startsWith('server exited')) throw err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${await describe()}${lastError ? `\nlast error: ${(lastError as Error).message}` : ''}`);
}
