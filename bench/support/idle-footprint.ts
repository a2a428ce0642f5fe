/**
 * The idle footprint of a county's server, as `scripts/idle-rss.sh` measures it: the built server with the demo
 * county and its simulated agents on a fresh data directory, left alone until the demo notice has rendered and
 * played and the on-demand speech workers have stopped, then VmRSS summed over the server's process tree (the
 * server, the warm espeak-ng worker kept for alerts, the demo's simulated agents).
 */
import * as fs from 'node:fs';
import { startServer, stopProcess } from './server-process';
import { round } from './stats';

export const IDLE_TARGET_MB = 300;

export interface IdleProcess {
  pid: number;
  command: string;
  mb: number;
}

export interface IdleFootprint {
  idleSeconds: number;
  totalMb: number;
  targetMb: number;
  withinTarget: boolean;
  processes: IdleProcess[];
}

function childrenOf(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/))
      .filter((s) => s !== '')
      .map(Number);
  } catch {
    return [];
  }
}

function describe(pid: number): IdleProcess | null {
  try {
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 120);
    return Number.isFinite(kb) ? { pid, command, mb: round(kb / 1024) } : null;
  } catch {
    return null;
  }
}

/** Every process of the tree under `pid`, with its resident memory. */
export function processTree(pid: number): IdleProcess[] {
  const out: IdleProcess[] = [];
  const visit = (p: number): void => {
    const d = describe(p);
    if (d) out.push(d);
    for (const c of childrenOf(p)) visit(c);
  };
  visit(pid);
  return out;
}

export async function measureIdleFootprint(idleSeconds: number): Promise<IdleFootprint> {
  const server = await startServer({ EDGE_TTS: 'off' }, { demoAgents: true });
  try {
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const processes = processTree(server.proc.pid!);
    const totalMb = round(processes.reduce((sum, p) => sum + p.mb, 0));
    return { idleSeconds, totalMb, targetMb: IDLE_TARGET_MB, withinTarget: totalMb <= IDLE_TARGET_MB, processes };
  } finally {
    await stopProcess(server.proc);
  }
}
