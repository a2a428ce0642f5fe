import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signEnvelope, topics, type AlertPayload, type DeviceEventsBatch } from '@sunshine/playlists';
import { PlayerAgent } from '../agent';
import { NullPlayer } from '../backends';
import type { AgentConfig } from '../config';
import { FakeClock } from '../testing/fake-clock';
import { DEVICE_ID, media, playlist, signedPlaylist, testKey, timelineItem } from '../testing/fixtures';
import { TestMediaServer } from '../testing/media-server';
import { memoryLogger } from '../testing/memory-logger';
import { eventually, TestBroker } from '../testing/test-broker';

const T0 = Date.parse('2025-03-03T00:00:00Z');
const at = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();
/** The fixture playlist's region chain: village, town, county. */
const VILLAGE_TOPIC = topics.alert('530102001001');
const TOWN_TOPIC = topics.alert('530102001000');

describe('PlayerAgent emergency broadcasts', () => {
  const key = testKey();
  const notice = media('防汛通知'.repeat(500), 60_000);
  const tone = media('alert-tone'.repeat(100), 3_000);
  const speech = media('青石镇山洪预警'.repeat(100), 8_000);
  let dir: string;
  let broker: TestBroker;
  let mediaServer: TestMediaServer;
  let config: AgentConfig;
  let agent: PlayerAgent | null;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-alerts-'));
    broker = new TestBroker({ [DEVICE_ID]: 'device-token' });
    mediaServer = new TestMediaServer();
    const [mqttUrl, serverUrl] = await Promise.all([broker.start(), mediaServer.start()]);
    for (const m of [notice, tone, speech]) mediaServer.serve(m.ref.url, m.bytes);
    config = { serverUrl, mqttUrl, deviceId: DEVICE_ID, token: 'device-token', publicKeyPem: key.publicKeyPem, dataDir: dir, backend: { kind: 'null' } };
    agent = null;
  });
  afterEach(async () => {
    await agent?.stop();
    await Promise.all([broker.close(), mediaServer.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function alert(overrides: Partial<AlertPayload> = {}): AlertPayload {
    return {
      kind: 'alert',
      alertId: 'a-1',
      status: 'active',
      level: 2,
      title: '山洪预警',
      text: '请沿河群众立即转移。',
      repeat: 1,
      media: { tone: tone.ref, speech: speech.ref },
      regionCodes: ['530102001000'],
      volume: 100,
      issuedAt: at(0),
      expiresAt: at(3_600_000),
      seq: 10,
      ...overrides,
    };
  }
  const signed = (topic: string, payload: AlertPayload): string => JSON.stringify(signEnvelope(topic, payload, key.signingKey));

  async function start(clock: FakeClock) {
    await broker.publish(topics.playlist(DEVICE_ID), signedPlaylist(key.signingKey, playlist({ items: [timelineItem(at(0), notice.ref)] })), true);
    const logger = memoryLogger(clock);
    agent = new PlayerAgent(config, { clock, player: new NullPlayer(clock), log: logger.log });
    agent.start();
    const has = (msg: string): boolean => logger.msgs().includes(msg);
    await eventually(() => has('开始播放'), 'the notice playing');
    await eventually(() => broker.subscriptions.some((s) => s.topic === TOWN_TOPIC), 'alert subscriptions');
    return { logger, has };
  }

  const batches = (): DeviceEventsBatch[] =>
    broker.published.filter((p) => p.topic === topics.events(DEVICE_ID)).map((p) => JSON.parse(p.payload) as DeviceEventsBatch);
  const ackStates = (): string[] => batches().flatMap((b) => b.alertAcks ?? []).map((a) => `${a.alertId}:${a.state}`);

  it('should pre-empt the notice and report received, playing and success in its events when a signed alert arrives on two region topics', async () => {
    const clock = new FakeClock(T0);
    const { has } = await start(clock);
    await broker.publish(TOWN_TOPIC, signed(TOWN_TOPIC, alert()), true);
    await broker.publish(VILLAGE_TOPIC, signed(VILLAGE_TOPIC, alert()), true);

    await eventually(() => has('开始播放应急广播'), 'alert playing');
    await clock.advance(3_000 + 8_000);
    await eventually(() => ackStates().includes('a-1:success'), 'success ack');
    expect(ackStates()).toEqual(['a-1:received', 'a-1:playing', 'a-1:success']);
    const interrupted = batches().flatMap((b) => b.playLogs ?? []);
    expect(interrupted).toEqual([expect.objectContaining({ contentId: 'content-1', outcome: 'interrupted', reason: 'preempted-by-alert' })]);
    expect(fs.readdirSync(path.join(dir, 'alert-media')).sort()).toEqual([`${speech.ref.sha256}.mp3`, `${tone.ref.sha256}.mp3`].sort());
  });

  it('should neither play nor report an error when the retained alert expired before the device connected', async () => {
    await broker.publish(TOWN_TOPIC, signed(TOWN_TOPIC, alert({ expiresAt: at(-1_000) })), true);
    const clock = new FakeClock(T0);
    const { has } = await start(clock);
    await eventually(() => has('应急广播已过期，不播放'), 'expired alert seen');
    await clock.advance(15_000);
    expect(has('收到应急广播')).toBe(false);
    expect(ackStates()).toEqual([]);
    expect(batches().flatMap((b) => b.errors ?? [])).toEqual([]);
  });

  it('should report an error event and not play when an alert is unsigned or replayed', async () => {
    const clock = new FakeClock(T0);
    const { has } = await start(clock);
    const first = signed(TOWN_TOPIC, alert());
    await broker.publish(TOWN_TOPIC, first);
    await eventually(() => has('开始播放应急广播'), 'alert playing');
    await broker.publish(TOWN_TOPIC, signed(TOWN_TOPIC, alert({ status: 'cancelled', seq: 11 })));
    await eventually(() => ackStates().includes('a-1:cancelled'), 'cancel ack');

    const unsigned = JSON.parse(first) as { sig?: string };
    delete unsigned.sig;
    await broker.publish(TOWN_TOPIC, JSON.stringify(unsigned));
    await broker.publish(TOWN_TOPIC, first);
    const errors = await eventually(() => {
      const all = batches().flatMap((b) => b.errors ?? []);
      return all.length === 2 && all;
    }, 'two error events');
    expect(errors.map((e) => [e.code, e.topic])).toEqual([
      ['malformed', TOWN_TOPIC],
      ['replay', TOWN_TOPIC],
    ]);
    expect(ackStates()).toEqual(['a-1:received', 'a-1:playing', 'a-1:cancelled']);
    expect(has('消息校验失败')).toBe(true);
  });

  it('should send its latest answer to an alert again after a reconnect, as the broker may have died with it undelivered', async () => {
    const clock = new FakeClock(T0);
    const { has } = await start(clock);
    await broker.publish(TOWN_TOPIC, signed(TOWN_TOPIC, alert()), true);
    await eventually(() => has('开始播放应急广播'), 'alert playing');
    await clock.advance(3_000 + 8_000);
    await eventually(() => ackStates().includes('a-1:success'), 'success ack');
    const sent = batches().flatMap((b) => b.alertAcks ?? []).find((a) => a.state === 'success')!;

    // The embedded broker restarts with the server: what it had not handed to the server yet is gone.
    broker.dropClient(DEVICE_ID);
    await eventually(() => !broker.isConnected(DEVICE_ID), 'dropped');
    await clock.advance(75_000); // the reconnect backoff
    await eventually(() => batches().flatMap((b) => b.alertAcks ?? []).filter((a) => a.state === 'success').length >= 2, 'success ack sent again');
    // The same ack (same id: the server stores it once), not a new answer.
    const again = batches().flatMap((b) => b.alertAcks ?? []).filter((a) => a.state === 'success');
    expect(again.every((a) => a.id === sent.id)).toBe(true);
    expect(ackStates().filter((s) => s === 'a-1:received' || s === 'a-1:playing')).toEqual(['a-1:received', 'a-1:playing']);
  });
  /** The agent stops (as a kill would, no final answer sent) and a new one starts on the same data dir. */
  async function restart(clock: FakeClock) {
    await agent!.stop();
    const logger = memoryLogger(clock);
    agent = new PlayerAgent(config, { clock, player: new NullPlayer(clock), log: logger.log });
    agent.start();
    return { has: (msg: string): boolean => logger.msgs().includes(msg) };
  }

  it('should play an alert again and answer it after a restart that cut it off, while it is still in force', async () => {
    const clock = new FakeClock(T0);
    const { has } = await start(clock);
    await broker.publish(TOWN_TOPIC, signed(TOWN_TOPIC, alert()), true);
    await eventually(() => has('开始播放应急广播'), 'alert playing');

    // Restarted mid-alert: the retained copy comes again but is the message already accepted (a duplicate).
    const again = await restart(clock);
    await eventually(() => again.has('开始播放应急广播'), 'alert playing again');
    await clock.advance(3_000 + 8_000);
    await eventually(() => ackStates().includes('a-1:success'), 'success ack');
    expect(ackStates()).toEqual(['a-1:received', 'a-1:playing', 'a-1:received', 'a-1:playing', 'a-1:success']);
  });

  it('should answer failed (expired) after a restart when the alert it cut off ended meanwhile, and not replay a finished one', async () => {
    const clock = new FakeClock(T0);
    const { has } = await start(clock);
    await broker.publish(TOWN_TOPIC, signed(TOWN_TOPIC, alert({ expiresAt: at(60_000) })), true);
    await broker.publish(VILLAGE_TOPIC, signed(VILLAGE_TOPIC, alert({ alertId: 'a-2', level: 4 })), true);
    await eventually(() => has('开始播放应急广播'), 'a-1 playing');
    await agent!.stop();
    await broker.publish(TOWN_TOPIC, '', true);

    const later = new FakeClock(T0 + 120_000);
    const again = await restart(later);
    await eventually(() => ackStates().includes('a-1:failed'), 'a-1 answered');
    expect(batches().flatMap((b) => b.alertAcks ?? []).find((a) => a.alertId === 'a-1' && a.state === 'failed')?.reason).toBe('expired');
    // a-2 (queued behind a-1 when the agent stopped) airs now, and is answered.
    await eventually(() => again.has('开始播放应急广播'), 'a-2 playing');
    await later.advance(3_000 + 8_000);
    await eventually(() => ackStates().includes('a-2:success'), 'a-2 success');

    // Both answered: a third start plays neither.
    const third = await restart(later);
    await later.advance(15_000);
    expect(third.has('开始播放应急广播')).toBe(false);
    expect(ackStates().filter((s) => s.endsWith(':success') || s.endsWith(':failed'))).toEqual(['a-1:failed', 'a-2:success']);
  });
});
