/**
 * Runs an agent process (one agent or the simulation) and indexes its JSON log lines by device: which playlist
 * versions arrived and which media became ready, each with the time the agent logged it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as readline from 'node:readline';
import { parseAgentLogLine } from '../../player-agent/src/sim-fleet';
import { stopProcess, waitFor } from './server-process';

export interface Receipt {
  version: string;
  items: number;
  timeMs: number;
}

export interface MediaReady {
  sha256: string;
  bytes: number;
  timeMs: number;
}

const TAIL_LINES = 50;

export class AgentLogs {
  readonly proc: ChildProcess;
  readonly playlists = new Map<string, Receipt[]>();
  readonly media = new Map<string, MediaReady[]>();
  /** Warnings and errors, for the failure message and the report. */
  readonly problems: string[] = [];
  private readonly tail: string[] = [];

  /** `nodeArgs`: flags for node itself (heap sizes), before the script; `env`: added to this process's environment. */
  constructor(script: string, args: string[], nodeArgs: string[] = [], env: Record<string, string> = {}) {
    this.proc = spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    readline.createInterface({ input: this.proc.stdout! }).on('line', (line) => this.onLine(line));
    readline.createInterface({ input: this.proc.stderr! }).on('line', (line) => this.keep(line));
  }

  /** Devices that have received at least one playlist. */
  withPlaylist(): number {
    return this.playlists.size;
  }

  /** The first receipt at or after `sinceMs` whose version differs from `previous`. */
  newPlaylist(deviceId: string, previous: string, sinceMs: number): Receipt | undefined {
    return this.playlists.get(deviceId)?.find((r) => r.timeMs >= sinceMs && r.version !== previous);
  }

  mediaReady(deviceId: string, sha256: string): MediaReady | undefined {
    return this.media.get(deviceId)?.find((m) => m.sha256 === sha256);
  }

  /** Waits for `done`, checked every `intervalMs`; the figures come from log times, not from this polling. */
  until(done: () => boolean, timeoutMs: number, what: string, intervalMs = 50): Promise<true> {
    return waitFor(
      async () => {
        if (this.proc.exitCode !== null) throw new Error(`agent process exited (${this.proc.exitCode}) while waiting for ${what}:\n${this.recent()}`);
        return done() ? true : null;
      },
      timeoutMs,
      () => `${what}: not reached within ${timeoutMs} ms\n${this.recent()}`,
      intervalMs,
    );
  }

  recent(): string {
    return this.tail.join('\n');
  }

  stop(): Promise<void> {
    return stopProcess(this.proc, 15_000);
  }

  private onLine(line: string): void {
    const rec = parseAgentLogLine(line);
    if (!rec) return this.keep(line);
    if (rec.level === 'warn' || rec.level === 'error') {
      this.problems.push(line);
      this.keep(line);
    }
    if (!rec.deviceId) return;
    if (rec.msg === '收到节目单' && rec.version) push(this.playlists, rec.deviceId, { version: rec.version, items: rec.items ?? 0, timeMs: rec.timeMs });
    if (rec.msg === '媒体已就绪' && rec.sha256) push(this.media, rec.deviceId, { sha256: rec.sha256, bytes: rec.bytes ?? 0, timeMs: rec.timeMs });
  }

  private keep(line: string): void {
    this.tail.push(line);
    this.tail.splice(0, this.tail.length - TAIL_LINES);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
