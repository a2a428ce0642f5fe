/**
 * One simulation process of `npm run soak`: runs its share of the simulated agents (PlayerAgent × N, real MQTT and
 * HTTP through each agent's own gates, null backend behind a player that hashes every file it is asked to play)
 * and forwards their notable log lines to the soak over IPC. The soak kills it with SIGKILL as a fault: all its
 * agents die at once, mid-play or mid-download, like a power cut in a village. Started with `fork`; its one
 * argument is a JSON file of SoakWorkerPlan.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PlayerAgent } from '../../player-agent/src/agent';
import { NullPlayer, type MediaPlayer, type PlayableItem, type PlayHandle } from '../../player-agent/src/backends';
import { offsetClock, systemClock } from '../../player-agent/src/clock';
import type { Logger, LogFields } from '../../player-agent/src/log';

export interface SoakWorkerDevice {
  deviceId: string;
  token: string;
  httpUrl: string;
  mqttUrl: string;
  dataDir: string;
  clockOffsetMs: number;
  cacheQuotaBytes?: number;
}

export interface SoakWorkerPlan {
  devices: SoakWorkerDevice[];
  publicKeyPem: string;
  graceMs: number;
}

/** A log line as the soak reads it, from a simulated agent (here) or a real agent process (its stdout). */
export interface SoakLine {
  id: string;
  /** Epoch ms on the machine's clock when it was logged (not the agent's possibly skewed clock). */
  t: number;
  msg: string;
  f: LogFields;
}

export type SoakWorkerMessage = { type: 'ready' } | { type: 'lines'; lines: SoakLine[] };

/** Messages the soak reads; everything else stays in the worker. */
export const SOAK_MESSAGES = new Set([
  '已连接 MQTT',
  '收到节目单',
  '开始下载媒体',
  '媒体已就绪',
  '媒体未就绪，等待下载',
  '媒体未就绪，未播放',
  '开始播放',
  '播放结束',
  '播放记录已确认',
  '节目所需媒体超过缓存上限',
  '消息校验失败',
  '应急广播',
  '播放核验',
  '媒体校验失败',
  '媒体下载失败',
]);

const FLUSH_EVERY_MS = 100;
const pending: SoakLine[] = [];
const flush = (): void => {
  if (pending.length === 0 || !process.send) return;
  process.send({ type: 'lines', lines: pending.splice(0) } satisfies SoakWorkerMessage);
};

function forwardingLogger(deviceId: string): Logger {
  const keep = (msg: string, fields?: LogFields): void => {
    if (SOAK_MESSAGES.has(msg) || msg.startsWith('应急广播')) pending.push({ id: deviceId, t: Date.now(), msg, f: plain(fields) });
  };
  const logger: Logger = { debug: () => undefined, info: keep, warn: keep, error: keep, child: () => logger };
  return logger;
}

function plain(fields?: LogFields): LogFields {
  if (!fields) return {};
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = v instanceof Error ? v.message : v;
  return out;
}

/**
 * The null backend behind a check of what it is handed: the file's sha256 must be the one the item names (the
 * agent plays only verified media; a corrupted download must never get here). Logged as 播放核验 for the soak.
 */
class VerifyingPlayer implements MediaPlayer {
  constructor(
    private readonly deviceId: string,
    private readonly inner: MediaPlayer,
  ) {}
  play(file: string, item: PlayableItem): PlayHandle {
    let actual = 'unreadable';
    try {
      actual = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    } catch {
      // stays 'unreadable': counted as an unverified play
    }
    pending.push({ id: this.deviceId, t: Date.now(), msg: '播放核验', f: { expected: item.media.sha256, actual, file: path.basename(file) } });
    return this.inner.play(file, item);
  }
}

function main(): void {
  const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as SoakWorkerPlan;
  const agents = plan.devices.map((d) => {
    const clock = offsetClock(systemClock, d.clockOffsetMs);
    return new PlayerAgent(
      { serverUrl: d.httpUrl, mqttUrl: d.mqttUrl, deviceId: d.deviceId, token: d.token, publicKeyPem: plan.publicKeyPem, dataDir: d.dataDir, backend: { kind: 'null' }, graceMs: plan.graceMs, cacheQuotaBytes: d.cacheQuotaBytes },
      { clock, player: new VerifyingPlayer(d.deviceId, new NullPlayer(clock)), log: forwardingLogger(d.deviceId) },
    );
  });
  setInterval(flush, FLUSH_EVERY_MS);
  agents.forEach((a, i) => setTimeout(() => a.start(), i * 20));
  process.send?.({ type: 'ready' } satisfies SoakWorkerMessage);
  process.on('disconnect', () => process.exit(0));
}

main();
