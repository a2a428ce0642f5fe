/** A render worker (`npm run worker`, dist/server/src/worker/main.js) as a child process, sharing a server's data. */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { ROOT, stopProcess, waitFor } from './server-process';

export const WORKER_MAIN = path.join(ROOT, 'dist/server/src/worker/main.js');

export interface RunningWorker {
  proc: ChildProcess;
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts a worker and waits for its start line; `env` carries DATA_DIR, MEDIA_DIR, RENDER_LEASE_SECONDS… */
export async function startWorker(env: Record<string, string>): Promise<RunningWorker> {
  const proc = spawn(process.execPath, [WORKER_MAIN], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(
    async () => {
      if (proc.exitCode !== null) throw new Error(`worker exited early (${proc.exitCode}):\n${out}`);
      return out.includes('渲染进程已启动') ? true : null;
    },
    30_000,
    () => `worker did not start:\n${out}`,
  );
  return { proc, pid: proc.pid!, output: () => out, stop: () => stopProcess(proc) };
}

/** kill -9: no shutdown hooks, the claimed job keeps its lease until it lapses. */
export async function killHard(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGKILL');
  await exited;
}
