/** A one-shot node script (a CLI of the built project) as a child process: exit code and everything it printed. */
import { spawn } from 'node:child_process';
import { ROOT } from './server-process';

export interface RunResult {
  code: number | null;
  out: string;
}

/** Runs `node <file> <args>` from the repository root with extra environment; killed after `timeoutMs`. */
export function runNode(file: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [file, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}
