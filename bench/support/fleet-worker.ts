/**
 * One simulation process of `bench:fleet`: runs its share of the fleet (PlayerAgent × N, null backend, real MQTT
 * and HTTP) and reports to the parent over IPC, in batches, only what the bench measures: connection attempts and
 * their outcome, playlists received, alert playback starts, and agent warnings by message. Started by bench/fleet.ts
 * with `fork`; its one argument is a JSON file of WorkerPlan. Agents start
 * when the parent says `go`.
 */
import { connect as mqttConnect, type IClientOptions, type MqttClient } from 'mqtt';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PlayerAgent } from '../../player-agent/src/agent';
import { NullPlayer, type MediaPlayer, type PlayableItem, type PlayHandle } from '../../player-agent/src/backends';
import { systemClock } from '../../player-agent/src/clock';
import type { Logger, LogFields } from '../../player-agent/src/log';

export interface WorkerPlan {
  devices: Array<{ deviceId: string; token: string }>;
  serverUrl: string;
  mqttUrl: string;
  publicKeyPem: string;
  dataRoot: string;
  /** Each agent starts after a random delay in [0, startWindowMs): the fleet reconnecting after a server restart. */
  startWindowMs: number;
}

/** What a worker tells the bench. Times are epoch ms on this machine's clock (one clock for all processes). */
export type FleetEvent =
  | { k: 'attempt'; id: string; t: number }
  | { k: 'connected'; id: string; t: number }
  | { k: 'failed'; id: string; t: number }
  | { k: 'playlist'; id: string; t: number; version: string; items: number }
  | { k: 'play'; id: string; t: number; contentId: string }
  /** An alert verified and accepted (before its tone is looked up and the schedule paused). */
  | { k: 'alert'; id: string; t: number; alertId: string; toneAtHand: boolean }
  | { k: 'warn'; msg: string };

export type WorkerMessage = { type: 'ready'; agents: number } | { type: 'events'; events: FleetEvent[] } | { type: 'stopped' };

const FLUSH_EVERY_MS = 200;

const pending: FleetEvent[] = [];
const emit = (e: FleetEvent): void => void pending.push(e);
const flush = (): void => {
  if (pending.length === 0 || !process.send) return;
  process.send({ type: 'events', events: pending.splice(0) } satisfies WorkerMessage);
};

/** The agent's logger, reduced to the lines the bench reads; warnings and errors are counted by message. */
function benchLogger(deviceId: string, toneAtHand: () => boolean): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: (msg: string, fields?: LogFields) => {
      if (msg === '收到节目单') emit({ k: 'playlist', id: deviceId, t: Date.now(), version: String(fields?.version), items: Number(fields?.items ?? 0) });
      if (msg === '收到应急广播') emit({ k: 'alert', id: deviceId, t: Date.now(), alertId: String(fields?.alertId), toneAtHand: toneAtHand() });
    },
    warn: (msg: string, fields?: LogFields) => emit({ k: 'warn', msg: withCause(msg, fields) }),
    error: (msg: string, fields?: LogFields) => emit({ k: 'warn', msg: withCause(msg, fields) }),
    child: () => logger,
  };
  return logger;
}

/** A warning with its underlying error's code or message, so a bad run says what went wrong. */
function withCause(msg: string, fields?: LogFields): string {
  const err = fields?.error as { code?: unknown; message?: unknown } | undefined;
  const cause = err ? (typeof err.code === 'string' || typeof err.code === 'number' ? String(err.code) : String(err.message ?? '')).slice(0, 80) : '';
  return cause ? `${msg}: ${cause}` : msg;
}

/** The null backend, noting when each content first started playing (alerts are what the bench plays). */
class TimingPlayer implements MediaPlayer {
  private readonly seen = new Set<string>();
  constructor(
    private readonly deviceId: string,
    private readonly inner: MediaPlayer,
  ) {}
  play(file: string, item: PlayableItem): PlayHandle {
    if (!this.seen.has(item.contentId)) {
      this.seen.add(item.contentId);
      emit({ k: 'play', id: this.deviceId, t: Date.now(), contentId: item.contentId });
    }
    return this.inner.play(file, item);
  }
}

/** mqtt.connect, noting each attempt and whether it reached CONNACK before closing. */
function countingConnect(deviceId: string): (url: string, options: IClientOptions) => MqttClient {
  return (url, options) => {
    emit({ k: 'attempt', id: deviceId, t: Date.now() });
    const client = mqttConnect(url, options);
    let connected = false;
    client.on('connect', () => {
      connected = true;
      emit({ k: 'connected', id: deviceId, t: Date.now() });
    });
    client.on('close', () => {
      if (!connected) emit({ k: 'failed', id: deviceId, t: Date.now() });
      connected = false;
    });
    return client;
  };
}

/** Whether the agent had fetched an alert tone (its alert-media dir holds only the tone until an alert's speech comes). */
function hasTone(dataDir: string): boolean {
  try {
    return fs.readdirSync(path.join(dataDir, 'alert-media')).some((f) => f.endsWith('.mp3'));
  } catch {
    return false;
  }
}

function main(): void {
  const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as WorkerPlan;
  const agents = plan.devices.map(
    (d) =>
      new PlayerAgent(
        { serverUrl: plan.serverUrl, mqttUrl: plan.mqttUrl, deviceId: d.deviceId, token: d.token, publicKeyPem: plan.publicKeyPem, dataDir: path.join(plan.dataRoot, d.deviceId), backend: { kind: 'null' } },
        { clock: systemClock, player: new TimingPlayer(d.deviceId, new NullPlayer(systemClock)), mqttConnect: countingConnect(d.deviceId), log: benchLogger(d.deviceId, () => hasTone(path.join(plan.dataRoot, d.deviceId))) },
      ),
  );
  const timer = setInterval(flush, FLUSH_EVERY_MS);
  let starts: NodeJS.Timeout[] = [];
  process.send?.({ type: 'ready', agents: agents.length } satisfies WorkerMessage);
  const stop = async (): Promise<void> => {
    starts.forEach(clearTimeout);
    await Promise.all(agents.map((a) => a.stop().catch(() => undefined)));
    clearInterval(timer);
    flush();
    process.send?.({ type: 'stopped' } satisfies WorkerMessage, () => process.exit(0));
  };
  process.on('message', (m: { type?: string }) => {
    // Every process has built its agents before any starts: the storm is the agents', not module loading.
    if (m?.type === 'go') starts = agents.map((a) => setTimeout(() => a.start(), Math.random() * plan.startWindowMs));
    if (m?.type === 'stop') void stop();
  });
  process.on('disconnect', () => process.exit(0));
}

main();
