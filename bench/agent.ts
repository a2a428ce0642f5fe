/**
 * `npm run bench:agent [-- --minutes 60]` — prints one JSON object: resident memory over time and CPU of ONE real
 * player agent holding a 350-item playlist (null backend, its media cached), run with the Node flags of the
 * shipped systemd unit and with Node's defaults, against a bare mqtt.js client subscribed the same way, all in the
 * same run on the same server. Target: idle RSS ≤ 60 MB with the unit's flags. Not run by tests or CI.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AgentLogs } from './support/agent-logs';
import { Api, approvedNotice, waitForRendition, type NoticeFields } from './support/api';
import { AGENT_MAIN, startServer, tempDir, waitFor } from './support/server-process';
import { rssOf, round } from './support/stats';

const NOTICES = 10;
const SLOTS_PER_NOTICE = 5;
const VILLAGE = '510811100201';
const TARGET_MB = 60;
const ROOT = path.resolve(__dirname, '../..');
const BARE = path.join(__dirname, 'support/bare-subscriber.js');

const progress = (msg: string): void => void process.stderr.write(`[bench:agent] ${msg}\n`);

function minutesArg(): number {
  const i = process.argv.indexOf('--minutes');
  const raw = i >= 0 ? process.argv[i + 1] : '60';
  const n = Number(raw);
  if (!(n > 0)) throw new Error(`--minutes must be a positive number, got ${raw}`);
  return n;
}

/** The node flags of ExecStart and the Environment= lines of the shipped unit, so the figure is what a device runs. */
function unitSettings(): { flags: string[]; env: Record<string, string> } {
  const unit = fs.readFileSync(path.join(ROOT, 'player-agent/install/sunshine-agent.service'), 'utf8');
  const exec = /^ExecStart=@NODE@ (.*?) @OPT@/m.exec(unit);
  if (!exec) throw new Error('ExecStart of sunshine-agent.service not in the expected form');
  const env: Record<string, string> = {};
  for (const m of unit.matchAll(/^Environment=(\w+)=(\S*)$/gm)) env[m[1]] = m[2];
  return { flags: exec[1].split(/\s+/).filter((f) => f.startsWith('--')), env };
}

function notice(i: number): NoticeFields {
  return { title: `常驻内存测试通知${i + 1}`, body: `各位村民：这是第${i + 1}号测试通知，用于测量播放代理的内存占用。请勿回复。`, department: '栖凤区融媒体中心' };
}

/** Slot j (0..49) airs daily at 06:00 + 15·j minutes. */
function slot(j: number): string {
  const m = 6 * 60 + 15 * j;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** utime + stime of a process in seconds (Linux /proc; clock ticks are 100 Hz on every mainstream kernel). */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

interface Measured {
  name: string;
  pid: number | undefined;
  samples: Array<{ atS: number; rssMb: number }>;
  cpuAtStart: number;
  cpuAtEnd: number;
  peakMb: number;
}

async function main(): Promise<void> {
  const minutes = minutesArg();
  const startedAt = Date.now();
  progress('starting the built server');
  const server = await startServer();
  const work = tempDir('agent');
  const procs: Array<{ stop: () => Promise<void> }> = [];
  try {
    const [editor, reviewer, operator] = await Promise.all(['editor', 'reviewer', 'operator'].map((u) => Api.login(server.url, u)));
    const devices: Record<string, string> = {};
    for (const id of ['bench-mem-agent', 'bench-mem-agent-defaults', 'bench-mem-bare']) {
      devices[id] = (await operator.must<{ token: string }>('/api/devices', { id, name: '内存测试喇叭', kind: 'speaker', regionCode: VILLAGE, quietHours: [] }, 201)).token;
    }
    progress(`rendering ${NOTICES} notices, ${SLOTS_PER_NOTICE} daily slots each (${NOTICES * SLOTS_PER_NOTICE * 7} items over the 7-day horizon)`);
    const shas: string[] = [];
    for (let i = 0; i < NOTICES; i++) {
      const c = await approvedNotice(editor, reviewer, notice(i));
      shas.push((await waitForRendition(editor, c.revisionId, 180_000)).sha256);
      const times = Array.from({ length: SLOTS_PER_NOTICE }, (_, k) => slot(i * SLOTS_PER_NOTICE + k));
      await editor.must('/api/schedules', { contentId: c.contentId, targets: { deviceIds: Object.keys(devices) }, times }, 201);
    }
    const keyFile = path.join(work, 'server-key.pem');
    fs.writeFileSync(keyFile, (await operator.get<{ publicKeyPem: string }>('/api/keys/playlist')).body.publicKeyPem);

    const unit = unitSettings();
    const unitFlags = unit.flags;
    const agentArgs = (id: string): string[] => ['--server', server.url, '--mqtt', server.mqttUrl, '--device-id', id, '--token', devices[id], '--public-key-file', keyFile, '--data-dir', path.join(work, id), '--backend', 'null'];
    progress(`agents: one with the unit's flags (${unitFlags.join(' ')}), one with node defaults; and the bare mqtt client`);
    const agent = new AgentLogs(AGENT_MAIN, agentArgs('bench-mem-agent'), [...unitFlags, ...(process.env.BENCH_AGENT_PRELOAD ? ['-r', process.env.BENCH_AGENT_PRELOAD] : [])], unit.env);
    const agentDefaults = new AgentLogs(AGENT_MAIN, agentArgs('bench-mem-agent-defaults'));
    const bare = new AgentLogs(BARE, [server.mqttUrl, 'bench-mem-bare', devices['bench-mem-bare']]);
    procs.push(agent, agentDefaults, bare);
    let items = 0;
    for (const [logs, id] of [[agent, 'bench-mem-agent'], [agentDefaults, 'bench-mem-agent-defaults']] as const) {
      await logs.until(() => shas.every((sha) => logs.mediaReady(id, sha) !== undefined), 180_000, `${id} holds all media`);
      items = logs.playlists.get(id)?.at(-1)?.items ?? 0;
    }
    await waitFor(async () => (bare.recent().includes('"playlist"') ? true : null), 30_000, () => `bare client got no playlist:\n${bare.recent()}`);

    const measured: Measured[] = [
      { name: 'agent (unit flags)', pid: agent.proc.pid, samples: [], cpuAtStart: 0, cpuAtEnd: 0, peakMb: 0 },
      { name: 'agent (node defaults)', pid: agentDefaults.proc.pid, samples: [], cpuAtStart: 0, cpuAtEnd: 0, peakMb: 0 },
      { name: 'bare mqtt client', pid: bare.proc.pid, samples: [], cpuAtStart: 0, cpuAtEnd: 0, peakMb: 0 },
    ];
    for (const m of measured) m.cpuAtStart = cpuSeconds(m.pid) ?? 0;
    const sampleEveryMs = Math.max(5_000, Math.min(60_000, (minutes * 60_000) / 60));
    const t0 = Date.now();
    progress(`measuring for ${minutes} min, a sample every ${sampleEveryMs / 1000} s`);
    while (Date.now() - t0 < minutes * 60_000) {
      for (const m of measured) {
        const rss = rssOf(m.pid);
        if (!rss) throw new Error(`${m.name} exited during the measurement`);
        m.samples.push({ atS: Math.round((Date.now() - t0) / 1000), rssMb: rss.mb });
        m.peakMb = rss.peakMb;
      }
      await new Promise((r) => setTimeout(r, sampleEveryMs));
    }
    const elapsedS = (Date.now() - t0) / 1000;
    for (const m of measured) m.cpuAtEnd = cpuSeconds(m.pid) ?? m.cpuAtStart;

    const summary = (m: Measured) => {
      const rss = m.samples.map((s) => s.rssMb);
      const secondHalf = rss.slice(Math.floor(rss.length / 2)).sort((a, b) => a - b);
      return {
        idleRssMb: secondHalf[Math.floor(secondHalf.length / 2)],
        minRssMb: Math.min(...rss),
        maxRssMb: Math.max(...rss),
        peakRssMb: m.peakMb,
        cpuSeconds: round(m.cpuAtEnd - m.cpuAtStart, 2),
        cpuPercent: round(((m.cpuAtEnd - m.cpuAtStart) / elapsedS) * 100, 3),
        samples: m.samples,
      };
    };
    const [withFlags, defaults, baseline] = measured.map(summary);
    const result = {
      bench: 'agent',
      setup: { minutes, playlistItems: items, notices: NOTICES, backend: 'null', unitNodeFlags: unitFlags, unitEnvironment: unit.env, node: process.version },
      agent: withFlags,
      agentNodeDefaults: defaults,
      bareMqttClient: baseline,
      overBareMb: round(withFlags.idleRssMb - baseline.idleRssMb),
      target: `agent idle RSS ≤ ${TARGET_MB} MB with the unit's flags`,
      withinTarget: withFlags.idleRssMb <= TARGET_MB,
      agentWarnings: agent.problems.length,
      totalMs: Date.now() - startedAt,
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`[bench:agent] failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
