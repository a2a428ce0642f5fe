import { topics } from '@sunshine/playlists';
import * as net from 'node:net';
import { MqttLink, RECONNECT_SPREAD_MS } from './mqtt-link';
import { FingerprintMismatchError } from './tls-pin';
import { FakeClock } from './testing/fake-clock';
import { memoryLogger } from './testing/memory-logger';
import { eventually, TestBroker } from './testing/test-broker';

const DEVICE = 'spk-001';

describe('MqttLink', () => {
  let broker: TestBroker;
  let url: string;
  let clock: FakeClock;
  let link: MqttLink | null;
  beforeEach(async () => {
    broker = new TestBroker({ [DEVICE]: 'right-token' });
    url = await broker.start();
    clock = new FakeClock();
    link = null;
  });
  afterEach(async () => {
    await link?.stop();
    await broker.close();
  });

  function newLink(token = 'right-token', extra: { random?: () => number; url?: string } = {}) {
    const logger = memoryLogger(clock);
    const messages: Array<{ topic: string; payload: string; retained: boolean }> = [];
    let connectedCount = 0;
    link = new MqttLink({
      url: extra.url ?? url,
      random: extra.random,
      deviceId: DEVICE,
      token,
      clock,
      log: logger.log,
      state: () => ({ agentVersion: '0.1.0', playlistVersion: null, nowPlaying: null, cacheBytes: 42, clockOffsetMs: 0 }),
      onMessage: (topic, payload, retained) => messages.push({ topic, payload: payload.toString(), retained }),
      onConnected: () => connectedCount++,
    });
    link.start();
    return { link, logger, messages, connected: () => connectedCount };
  }

  const stateMessages = () => broker.published.filter((p) => p.topic === topics.state(DEVICE)).map((p) => ({ ...p, state: JSON.parse(p.payload) as Record<string, unknown> }));

  it('should identify as the device, publish retained online state and subscribe when connected', async () => {
    const { connected } = newLink();
    await eventually(() => connected() === 1, 'connect');
    expect(broker.connects).toEqual([{ clientId: DEVICE, username: DEVICE }]);
    const online = await eventually(() => stateMessages()[0], 'online state');
    expect(online.retain).toBe(true);
    expect(online.state).toEqual({
      online: true,
      deviceId: DEVICE,
      at: new Date(clock.now()).toISOString(),
      agentVersion: '0.1.0',
      playlistVersion: null,
      nowPlaying: null,
      cacheBytes: 42,
      clockOffsetMs: 0,
    });
    await eventually(() => broker.subscriptions.length >= 2, 'subscriptions');
    expect(broker.subscriptions.map((s) => s.topic)).toEqual([topics.playlist(DEVICE), topics.command(DEVICE)]);
  });

  it('should deliver messages with the retained flag when the broker replays a retained playlist', async () => {
    await broker.publish(topics.playlist(DEVICE), 'retained-envelope', true);
    const { messages, connected } = newLink();
    await eventually(() => messages.length === 1, 'retained message');
    expect(messages[0]).toEqual({ topic: topics.playlist(DEVICE), payload: 'retained-envelope', retained: true });
    expect(connected()).toBe(1);
    await broker.publish(topics.command(DEVICE), 'live-command');
    await eventually(() => messages.length === 2, 'live message');
    expect(messages[1]).toEqual({ topic: topics.command(DEVICE), payload: 'live-command', retained: false });
  });

  it('should subscribe to alert topics of the region chain on the live session', async () => {
    const { link, connected } = newLink();
    await eventually(() => connected() === 1, 'connect');
    link.setAlertRegions(['530102001001', '530102000000', '#', '530102001001']);
    await eventually(() => broker.subscriptions.length >= 4, 'alert subscriptions');
    expect(broker.subscriptions.map((s) => s.topic).slice(2)).toEqual([topics.alert('530102001001'), topics.alert('530102000000')]);
  });

  it('should let the broker publish the Will and reconnect with backoff when the connection drops', async () => {
    const { link, logger, connected } = newLink();
    await eventually(() => connected() === 1, 'connect');
    broker.dropClient(DEVICE);
    const will = await eventually(() => stateMessages().find((m) => m.state.online === false), 'will');
    expect(will).toMatchObject({ retain: true, state: { online: false, deviceId: DEVICE } });
    await eventually(() => logger.msgs().includes('MQTT 连接断开'), 'disconnect log');
    expect(link.isConnected()).toBe(false);

    await clock.advance(RECONNECT_SPREAD_MS); // first retry: a random time up to the spread
    await eventually(() => connected() === 2, 'reconnect');
    expect(link.isConnected()).toBe(true);
  });

  it('should spread the first reconnect after a lost connection over RECONNECT_SPREAD_MS by its random draw', async () => {
    const { logger, connected } = newLink('right-token', { random: () => 0.25 });
    await eventually(() => connected() === 1, 'connect');
    broker.dropClient(DEVICE);
    const line = await eventually(() => logger.lines.find((l) => l.msg === 'MQTT 连接断开'), 'disconnect log');
    expect(line.retryInMs).toBe(RECONNECT_SPREAD_MS / 4);
    await clock.advance(RECONNECT_SPREAD_MS / 4 - 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(connected()).toBe(1);
    await clock.advance(1);
    await eventually(() => connected() === 2, 'reconnect');
  });

  it('should back off failed attempts exponentially, each between half and all of the nominal delay', async () => {
    const dead = `mqtt://127.0.0.1:${await closedPort()}`;
    const draws = [0, 1, 0.5];
    const { logger } = newLink('right-token', { url: dead, random: () => draws.shift() ?? 0 });
    const delays = async (n: number): Promise<number[]> => {
      await eventually(() => logger.lines.filter((l) => l.msg === 'MQTT 连接失败').length >= n, `${n} failures`);
      return logger.lines.filter((l) => l.msg === 'MQTT 连接失败').map((l) => l.retryInMs as number);
    };
    expect(await delays(1)).toEqual([500]);
    await clock.advance(500);
    expect(await delays(2)).toEqual([500, 2_000]);
    await clock.advance(2_000);
    expect(await delays(3)).toEqual([500, 2_000, 3_000]);
  });

  it('should log a clear Chinese error and retry slowly when the broker refuses the credentials', async () => {
    const { logger } = newLink('wrong-token');
    const line = await eventually(() => logger.lines.find((l) => l.level === 'error'), 'auth error log');
    expect(line.msg).toContain('MQTT 认证失败');
    expect(line.retryInMs).toBeGreaterThanOrEqual(60_000);
    await clock.advance(59_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(broker.connects).toHaveLength(1);
    await clock.advance(1_000);
    await eventually(() => broker.connects.length === 2, 'slow retry');
  });

  it('should refuse a broker whose certificate does not match the pin: one clear line, slow retries, no credentials sent', async () => {
    const logger = memoryLogger(clock);
    let probes = 0;
    link = new MqttLink({
      url: url.replace('mqtt://', 'mqtts://'),
      deviceId: DEVICE,
      token: 'right-token',
      clock,
      log: logger.log,
      state: () => ({ agentVersion: '0.1.0', playlistVersion: null, nowPlaying: null, cacheBytes: 0, clockOffsetMs: 0 }),
      onMessage: () => undefined,
      tls: { fingerprint: Array(32).fill('AB').join(':') },
      fetchChain: async () => {
        probes++;
        throw new FingerprintMismatchError(['CD:CD']);
      },
    });
    link.start();
    const line = await eventually(() => logger.lines.find((l) => l.level === 'error'), 'certificate error log');
    expect(line.msg).toBe('MQTT 服务器证书校验失败：证书指纹不匹配（检查 --fingerprint），已拒绝连接');
    expect(line.retryInMs).toBeGreaterThanOrEqual(60_000);
    await clock.advance(61_000);
    await eventually(() => probes === 2, 'second probe');
    await new Promise((r) => setTimeout(r, 20));
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
    expect(broker.connects).toEqual([]);
  });

  it('should publish a retained offline state and not trigger the Will when stopped', async () => {
    const { link, connected } = newLink();
    await eventually(() => connected() === 1, 'connect');
    await link.stop();
    await eventually(() => !broker.isConnected(DEVICE), 'disconnect');
    const states = stateMessages();
    expect(states.map((s) => [s.state.online, s.retain, s.clientId])).toEqual([
      [true, true, DEVICE],
      [false, true, DEVICE],
    ]);
  });

  it('should republish the retained state every 60 s after the last publish when connected', async () => {
    const { link, connected } = newLink();
    await eventually(() => connected() === 1, 'connect');
    await eventually(() => stateMessages().length === 1, 'online state');
    await clock.advance(59_999);
    await new Promise((r) => setTimeout(r, 50));
    expect(stateMessages()).toHaveLength(1);
    await clock.advance(1);
    const beat = await eventually(() => stateMessages()[1], 'heartbeat');
    expect(beat).toMatchObject({ retain: true, state: { online: true, at: new Date(clock.now()).toISOString() } });

    await clock.advance(30_000);
    link.publishState();
    await eventually(() => stateMessages().length === 3, 'state on change');
    await clock.advance(59_999);
    await new Promise((r) => setTimeout(r, 50));
    expect(stateMessages()).toHaveLength(3);
    await clock.advance(1);
    await eventually(() => stateMessages().length === 4, 'heartbeat after change');
  });

  it('should publish event batches at QoS 1 only while connected', async () => {
    const { link, connected } = newLink();
    const batch = { kind: 'events' as const, deviceId: DEVICE, batchId: 'b1', sentAt: new Date(clock.now()).toISOString(), playLogs: [] };
    expect(link.publishEvents(batch)).toBe(false);
    await eventually(() => connected() === 1, 'connect');
    expect(link.publishEvents(batch)).toBe(true);
    const seen = await eventually(() => broker.published.find((p) => p.topic === topics.events(DEVICE)), 'events');
    expect(JSON.parse(seen.payload)).toEqual(batch);
  });
});

/** A port nothing listens on: connections are refused at once. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
