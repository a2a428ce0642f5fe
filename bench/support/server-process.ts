/**
 * The built server as a child process for benchmarks: free loopback ports, a temp data dir, known passwords.
 * Benchmarks run from dist/ (`npm run build` first), so paths are resolved from the compiled file's location.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** dist/bench/support → repository root. */
const ROOT = path.resolve(__dirname, '../../..');
const SERVER_MAIN = path.join(ROOT, 'dist/server/src/main.js');
export const AGENT_MAIN = path.join(ROOT, 'dist/player-agent/src/main.js');
export const SEED_PASSWORD = 'bench-Passw0rd';
/** Keep only the tail of a chatty child's output for error messages. */
const OUTPUT_TAIL_CHARS = 20_000;

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

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sunshine-bench-${prefix}-`));
}

export interface RunningServer {
  url: string;
  mqttUrl: string;
  dataDir: string;
  proc: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * `dataDir`: restart on an existing data dir (kept on stop; the caller removes it). `nodeArgs`: flags for node
 * itself, before the script (e.g. --cpu-prof for a profile of the server).
 */
export async function startServer(env: Record<string, string> = {}, opts: { dataDir?: string; nodeArgs?: string[]; demoAgents?: boolean } = {}): Promise<RunningServer> {
  if (!fs.existsSync(SERVER_MAIN)) throw new Error('dist missing: run `npm run build` first');
  const httpPort = await freePort();
  const mqttPort = await freePort();
  const dataDir = opts.dataDir ?? tempDir('server');
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), SERVER_MAIN, ...(opts.demoAgents ? [] : ['--no-demo-agents'])], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(httpPort),
      MQTT_PORT: String(mqttPort),
      HOST: '127.0.0.1',
      MQTT_HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_PASSWORD,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer): void => {
    out = (out + d.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${httpPort}`;
  await waitFor(
    async () => {
      if (proc.exitCode !== null) throw new Error(`server exited early (${proc.exitCode}):\n${out}`);
      const r = await fetch(`${url}/api/health`).catch(() => null);
      return r?.ok ? true : null;
    },
    30_000,
    () => `server did not become healthy:\n${out}`,
  );
  return {
    url,
    mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    dataDir,
    proc,
    output: () => out,
    stop: async () => {
      await stopProcess(proc);
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProcess(proc: ChildProcess, graceMs = 10_000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Polls until `probe` returns a non-null value or the deadline passes. */
export async function waitFor<T>(probe: () => Promise<T | null> | T | null, timeoutMs: number, describe: () => string, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== null) return v;
    } catch (err) {
      lastError = err;
      if ((err as Error).message.startsWith('server exited')) throw err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${describe()}${lastError ? `\nlast error: ${(lastError as Error).message}` : ''}`);
}
