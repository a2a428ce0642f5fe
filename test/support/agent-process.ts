/** A real agent as a child process (dist/player-agent/src/main.js) with its JSON log lines kept for assertions. */
import { ChildProcess, spawn } from 'node:child_process';
import * as readline from 'node:readline';
import { AGENT_MAIN, stopProcess, waitFor } from './server-process';

export interface AgentLine {
  level: string;
  msg: string;
  time: string;
  [field: string]: unknown;
}

export class AgentProcess {
  readonly proc: ChildProcess;
  readonly lines: AgentLine[] = [];
  private readonly raw: string[] = [];

  /** `main`: another agent entry (an installed package); `nodeArgs`: flags for node itself; `cwd`: where it runs. */
  constructor(args: string[], opts: { main?: string; nodeArgs?: string[]; cwd?: string } = {}) {
    this.proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), opts.main ?? AGENT_MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: opts.cwd });
    readline.createInterface({ input: this.proc.stdout! }).on('line', (line) => this.onLine(line));
    readline.createInterface({ input: this.proc.stderr! }).on('line', (line) => this.raw.push(line));
  }

  /** Lines with this Chinese message (messages are stable, see player-agent/src/log.ts). */
  find(msg: string, since = 0): AgentLine[] {
    return this.lines.slice(since).filter((l) => l.msg === msg);
  }

  waitFor<T>(probe: () => T | null | undefined, timeoutMs: number, what: string): Promise<T> {
    return waitFor(
      async () => {
        if (this.proc.exitCode !== null) throw new Error(`agent exited (${this.proc.exitCode}) while waiting for ${what}:\n${this.output()}`);
        return probe() ?? null;
      },
      timeoutMs,
      () => `${what}: not reached within ${timeoutMs} ms\n${this.output()}`,
    );
  }

  output(lastLines = 60): string {
    return this.raw.slice(-lastLines).join('\n');
  }

  stop(): Promise<void> {
    return stopProcess(this.proc);
  }

  private onLine(line: string): void {
    this.raw.push(line);
    try {
      const rec = JSON.parse(line) as AgentLine;
      if (rec && typeof rec.msg === 'string') this.lines.push(rec);
    } catch {
      // not a log line
    }
  }
}
