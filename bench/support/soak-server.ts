/**
 * The built server under the soak: fixed ports and one data dir for its whole life, so it can be killed with
 * SIGKILL (or stopped with SIGTERM: the embedded broker goes down with it) and started again where it was.
 * Resolves the repository from this file whether it runs compiled (dist/bench/support) or under ts-jest.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, waitFor as pollUntil } from './server-process';

export { freePort };
export const SOAK_PASSWORD = 'soak-Passw0rd';
const OUTPUT_TAIL_CHARS = 20_000;

/** The repository root: the first parent holding package.json (dist/bench/support or bench/support). */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

export const ROOT = repoRoot();
export const DIST = path.join(ROOT, 'dist');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sunshine-soak-${prefix}-`));
}

/** The bench's poll (server-process.ts), every 200 ms by default: the soak's probes go over gates and restarts. */
export function waitFor<T>(probe: () => Promise<T | null> | T | null, timeoutMs: number, describe: () => string, intervalMs = 200): Promise<T> {
  return pollUntil(probe, timeoutMs, describe, intervalMs);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}

export class SoakServer {
  proc: ChildProcess | null = null;
  private out = '';
  readonly url: string;
  /** Healthy again after each start: epoch ms. */
  startedAt = 0;

  private constructor(
    readonly httpPort: number,
    readonly mqttPort: number,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${httpPort}`;
  }

  static async start(env: Record<string, string> = {}): Promise<SoakServer> {
    const server = new SoakServer(await freePort(), await freePort(), tempDir('server'), env);
    await server.up();
    return server;
  }

  output(): string {
    return this.out;
  }

  async up(): Promise<void> {
    const main = path.join(DIST, 'server/src/main.js');
    if (!fs.existsSync(main)) throw new Error('dist missing: run `npm run build` first');
    const proc = spawn(process.execPath, [main, '--no-demo-agents'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(this.httpPort),
        MQTT_PORT: String(this.mqttPort),
        HOST: '127.0.0.1',
        MQTT_HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        SEED_PASSWORD: SOAK_PASSWORD,
        EDGE_TTS: 'off',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    const keep = (d: Buffer): void => {
      this.out = (this.out + d.toString()).slice(-OUTPUT_TAIL_CHARS);
    };
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    await waitFor(
      async () => {
        // The shared poll gives up at once on this error (a dead server does not become healthy): say why.
        if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}):\n${this.out.slice(-4000)}`);
        const r = await fetch(`${this.url}/api/health`).catch(() => null);
        return r?.ok ? true : null;
      },
      90_000,
      () => `server did not become healthy:\n${this.out.slice(-4000)}`,
    );
    this.startedAt = Date.now();
  }

  /** SIGKILL (a crash, a power cut) or SIGTERM (an orderly restart); resolves once the process is gone. */
  async down(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  get running(): boolean {
    return this.proc !== null && this.proc.exitCode === null;
  }

  async stop(removeData = true): Promise<void> {
    await this.down('SIGTERM');
    if (removeData) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
