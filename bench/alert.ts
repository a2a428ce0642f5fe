/**
 * `npm run bench:alert -- --agents 1000` — prints one JSON object: for an emergency broadcast to one town, the time
 * from the API accepting it to each simulated agent starting playback (p50, p95, max), the time until every agent
 * acknowledged it, and the share that did. Three alerts: the first and second as in service (agents fetched the
 * alert tone when they connected; the speech is new each time), then a worst case with every agent's alert media
 * cache emptied first (tone and speech both fetched during the alert), reported but not held to the target.
 * The baseline, measured in the same run on the same agents: a raw MQTT QoS 1 publish (an empty message on the same
 * alert topic, which agents ignore) until each agent's client received it. The agents run in this process, like
 * the agent's simulation mode (sim.ts: PlayerAgent × N, null backend, real MQTT and HTTP), with a clock-stamping
 * wrapper around the null player and the MQTT client. Progress goes to stderr.
 */
import { connect as mqttConnect, connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { topics } from '@sunshine/playlists';
import { PlayerAgent } from '../player-agent/src/agent';
import { NullPlayer, type MediaPlayer, type PlayableItem, type PlayHandle } from '../player-agent/src/backends';
import { systemClock } from '../player-agent/src/clock';
import type { Logger } from '../player-agent/src/log';
import { loginFleetApi, prepareFleet } from '../player-agent/src/sim-fleet';
import { Api } from './support/api';
import { SEED_PASSWORD, startServer, tempDir, waitFor, type RunningServer } from './support/server-process';
import { round, spread } from './support/stats';

const TOWN = '510811100000';
const VILLAGES = ['510811100001', '510811100201', '510811100202'];
const TARGET_MAX_MS = 2_000;
const BASELINE_RUNS = 3;
/** Agents start this far apart, as in sim.ts, so a large fleet does not hit the broker all at once. */
const START_SPACING_MS = 5;
const SERVER_MQTT_USERNAME = 'sunshine-server';

const progress = (msg: string): void => void process.stderr.write(`[bench:alert] ${msg}\n`);

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };

/** The null backend, noting when each alert first started playing on this agent. */
class TimingPlayer implements MediaPlayer {
  readonly firstPlay = new Map<string, number>();
  constructor(private readonly inner: MediaPlayer) {}
  play(file: string, item: PlayableItem): PlayHandle {
    if (!this.firstPlay.has(item.contentId)) this.firstPlay.set(item.contentId, Date.now());
    return this.inner.play(file, item);
  }
}

interface SimAgent {
  deviceId: string;
  dataDir: string;
  agent: PlayerAgent;
  player: TimingPlayer;
  /** Receipt times (epoch ms) of empty messages on the town's alert topic: the baseline probes. */
  probes: number[];
  /** Receipt times of alert envelopes on that topic. */
  envelopes: number[];
}

function parseAgents(argv: string[]): number {
  const i = argv.findIndex((a) => a === '--agents' || a.startsWith('--agents='));
  const raw = i < 0 ? '1000' : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 5_000) throw new Error(`--agents must be an integer 1–5000, got "${raw}"`);
  return n;
}

/** Agent data on tmpfs when there is one: a thousand agents share one disk here, a real device has its own. */
function agentsRoot(): string {
  const shm = '/dev/shm';
  return fs.existsSync(shm) ? fs.mkdtempSync(path.join(shm, 'sunshine-bench-alert-')) : tempDir('alert-agents');
}

async function startAgents(server: RunningServer, n: number, root: string): Promise<SimAgent[]> {
  progress(`registering ${n} devices in ${VILLAGES.length} villages of ${TOWN}`);
  const api = await loginFleetApi(server.url, 'admin', SEED_PASSWORD);
  const fleet = await prepareFleet({ count: n, serverUrl: server.url, regionCodes: VILLAGES, kind: 'speaker', dataDir: path.join(root, 'fleet') }, api);
  const publicKeyPem = fs.readFileSync(fleet.files.keyFile, 'utf8');
  const probeTopic = topics.alert(TOWN);
  progress(`starting ${n} agents in this process`);
  const agents = fleet.devices.map((d): SimAgent => {
    const player = new TimingPlayer(new NullPlayer(systemClock));
    const dataDir = path.join(root, 'agents', d.deviceId);
    const sim: SimAgent = { deviceId: d.deviceId, dataDir, agent: undefined as unknown as PlayerAgent, player, probes: [], envelopes: [] };
    const connect = (url: string, options: IClientOptions): MqttClient => {
      const client = mqttConnect(url, options);
      client.on('message', (topic, payload) => {
        if (topic === probeTopic) (payload.length === 0 ? sim.probes : sim.envelopes).push(Date.now());
      });
      return client;
    };
    sim.agent = new PlayerAgent(
      { serverUrl: server.url, mqttUrl: server.mqttUrl, deviceId: d.deviceId, token: d.token, publicKeyPem, dataDir, backend: { kind: 'null' } },
      { clock: systemClock, player, mqttConnect: connect, log: silent },
    );
    return sim;
  });
  agents.forEach((a, i) => setTimeout(() => a.agent.start(), i * START_SPACING_MS));
  return agents;
}

/** A client with the server's broker credentials, publishing straight to the broker (no signing, no database). */
async function rawClient(server: RunningServer): Promise<MqttClient> {
  const password = fs.readFileSync(path.join(server.dataDir, 'secrets', 'mqtt-server.secret'), 'utf8').trim();
  return connectAsync(server.mqttUrl, { clientId: `bench-alert-${process.pid}`, username: SERVER_MQTT_USERNAME, password, clean: true, reconnectPeriod: 0 });
}

/** Waits for the alert tone every agent fetches when it connects (the same file in each agent's alert media cache). */
async function waitTonePrefetched(agents: SimAgent[]): Promise<void> {
  const cached = (a: SimAgent): boolean => {
    try {
      return fs.readdirSync(path.join(a.dataDir, 'alert-media')).some((f) => f.endsWith('.mp3'));
    } catch {
      return false;
    }
  };
  await waitFor(async () => (agents.every(cached) ? true : null), 60_000, () => `${agents.filter((a) => !cached(a)).length} agents have no alert tone`);
}

/** Publishes empty probes until every agent got one: every agent is connected and subscribed to the town's alerts. */
async function waitSubscribed(agents: SimAgent[], client: MqttClient): Promise<void> {
  await waitFor(
    async () => {
      await client.publishAsync(topics.alert(TOWN), '', { qos: 1 });
      await new Promise((r) => setTimeout(r, 400));
      return agents.every((a) => a.probes.length > 0) ? true : null;
    },
    120_000,
    () => `${agents.filter((a) => a.probes.length === 0).length} agents never subscribed`,
    0,
  );
}

async function baseline(agents: SimAgent[], client: MqttClient): Promise<number[]> {
  const latencies: number[] = [];
  for (let run = 0; run < BASELINE_RUNS; run++) {
    await new Promise((r) => setTimeout(r, 500));
    const before = agents.map((a) => a.probes.length);
    const sentAt = Date.now();
    await client.publishAsync(topics.alert(TOWN), '', { qos: 1 });
    await waitFor(async () => (agents.every((a, i) => a.probes.length > before[i]) ? true : null), 30_000, () => 'baseline probe not received by every agent', 5);
    agents.forEach((a, i) => latencies.push(a.probes[before[i]] - sentAt));
  }
  return latencies;
}

interface DeviceState {
  deviceId: string;
  state: string;
}

async function alertRun(label: string, duty: Api, agents: SimAgent[], text: string): Promise<Record<string, unknown>> {
  progress(`alert (${label}): ${agents.length} agents`);
  const ids = new Set(agents.map((a) => a.deviceId));
  const requestedAt = Date.now();
  const sent = await duty.post<{ id: string; createdAt: string; publishedAt: string; publishLatencyMs: number; targetedDevices: number; media: { speech: { size: number; durationMs: number } } }>(
    '/api/alerts',
    { text, regionCodes: [TOWN], level: 1, repeat: 1 },
  );
  const answeredAt = Date.now();
  if (sent.status !== 201) throw new Error(`POST /api/alerts → ${sent.status} ${JSON.stringify(sent.body)}`);
  const alert = sent.body;
  const acceptedAt = Date.parse(alert.createdAt);

  let allReceivedMs: number | null = null;
  let allAckedMs: number | null = null;
  let states: Record<string, number> = {};
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const rows = (await duty.get<DeviceState[]>(`/api/alerts/${alert.id}/devices`)).body.filter((r) => ids.has(r.deviceId));
    const now = Date.now();
    states = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.state]: (acc[r.state] ?? 0) + 1 }), {});
    if (allReceivedMs === null && rows.every((r) => r.state !== 'waiting')) allReceivedMs = now - acceptedAt;
    if (rows.every((r) => ['success', 'failed', 'cancelled'].includes(r.state))) {
      allAckedMs = now - acceptedAt;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const starts = agents.map((a) => a.player.firstPlay.get(alert.id)).filter((t): t is number => t !== undefined);
  const fromAccept = spread(starts.map((t) => t - acceptedAt));
  const received = agents.map((a) => a.envelopes.find((t) => t >= requestedAt)).filter((t): t is number => t !== undefined);
  const final = (states.success ?? 0) + (states.failed ?? 0) + (states.cancelled ?? 0);
  return {
    label,
    serverAcceptToPublishMs: alert.publishLatencyMs,
    apiResponseMs: answeredAt - requestedAt,
    speech: { bytes: alert.media.speech.size, durationMs: alert.media.speech.durationMs },
    targetedDevices: alert.targetedDevices,
    envelopeReceivedFromAcceptMs: spread(received.map((t) => t - acceptedAt)),
    playbackStartFromAcceptMs: fromAccept,
    playbackStartFromRequestMs: spread(starts.map((t) => t - requestedAt)),
    agentsPlayed: starts.length,
    allReceivedAckMs: allReceivedMs,
    allFinalAckMs: allAckedMs,
    ackedShare: round(final / agents.length, 4),
    states,
    withinTarget: starts.length === agents.length && fromAccept.max <= TARGET_MAX_MS,
  };
}

async function main(): Promise<void> {
  const n = parseAgents(process.argv.slice(2));
  const root = agentsRoot();
  progress('starting the built server');
  const server = await startServer();
  let agents: SimAgent[] = [];
  let client: MqttClient | null = null;
  try {
    const setupStarted = Date.now();
    agents = await startAgents(server, n, root);
    client = await rawClient(server);
    await waitSubscribed(agents, client);
    await waitTonePrefetched(agents);
    const setupMs = Date.now() - setupStarted;
    progress(`all ${n} agents subscribed after ${setupMs} ms; baseline`);
    const raw = spread(await baseline(agents, client));
    const duty = await Api.login(server.url, 'duty');
    const first = await alertRun('first alert: tone fetched when the agents connected, new speech', duty, agents, '青石镇人民政府紧急通知：上游水库泄洪，请沿河群众立即转移到高处。');
    await new Promise((r) => setTimeout(r, 2_000));
    const second = await alertRun('second alert: new speech', duty, agents, '青石镇人民政府紧急通知：山体出现裂缝，请石板村群众立即撤离。');
    await new Promise((r) => setTimeout(r, 2_000));
    for (const a of agents) {
      const dir = path.join(a.dataDir, 'alert-media');
      for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f), { force: true });
    }
    const cold = await alertRun('worst case, not held to the target: alert media caches emptied, tone and speech fetched during the alert', duty, agents, '青石镇人民政府紧急通知：发生森林火灾，请金竹林附近群众立即撤离。');
    const result = {
      bench: 'alert',
      agents: n,
      machine: { cpus: os.cpus().length, node: process.version, agentData: root.startsWith('/dev/shm') ? 'tmpfs' : 'disk' },
      setupMs,
      baselineRawMqttPublishToReceiveMs: { runs: BASELINE_RUNS, ...raw },
      alerts: [first, second, cold],
      targetMaxMs: TARGET_MAX_MS,
      targetMet: [first, second].every((r) => r.withinTarget && r.ackedShare === 1),
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    progress('stopping');
    await client?.endAsync().catch(() => undefined);
    await Promise.all(agents.map((a) => a.agent.stop().catch(() => undefined)));
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench:alert failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
