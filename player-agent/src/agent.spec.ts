import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { topics, type DeviceEventsBatch, type PlaylistPayload } from '@sunshine/playlists';
import { PlayerAgent } from './agent';
import { NullPlayer } from './backends';
import type { AgentConfig } from './config';
import { Journal } from './journal';
import { FakeClock } from './testing/fake-clock';
import { DEVICE_ID, media, playlist, signedCommand, signedPlaylist, testKey, timelineItem } from './testing/fixtures';
import { TestMediaServer } from './testing/media-server';
import { memoryLogger } from './testing/memory-logger';
import { eventually, TestBroker } from './testing/test-broker';

const T0 = Date.parse('2025-03-03T00:00:00Z');
const at = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();

describe('PlayerAgent', () => {
  const key = testKey();
  const notice = media('乡村振兴政策解读'.repeat(1000), 30_000);
  let dir: string;
  let broker: TestBroker;
  let mediaServer: TestMediaServer;
  let config: AgentConfig;
  let running: PlayerAgent[];

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-'));
    broker = new TestBroker({ [DEVICE_ID]: 'device-token' });
    mediaServer = new TestMediaServer();
    const [mqttUrl, serverUrl] = await Promise.all([broker.start(), mediaServer.start()]);
    config = { serverUrl, mqttUrl, deviceId: DEVICE_ID, token: 'device-token', publicKeyPem: key.publicKeyPem, dataDir: dir, backend: { kind: 'null' } };
    running = [];
  });
  afterEach(async () => {
    await Promise.all(running.map((a) => a.stop()));
    await Promise.all([broker.close(), mediaServer.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function startAgent(clock: FakeClock, overrides: Partial<AgentConfig> = {}) {
    const logger = memoryLogger(clock);
    const player = new NullPlayer(clock);
    const agent = new PlayerAgent({ ...config, ...overrides }, { clock, player, log: logger.log, mediaStartJitterMs: 0 });
    running.push(agent);
    agent.start();
    return { agent, player, logger, has: (msg: string) => logger.msgs().includes(msg) };
  }

  const batches = (): DeviceEventsBatch[] =>
    broker.published.filter((p) => p.topic === topics.events(DEVICE_ID)).map((p) => JSON.parse(p.payload) as DeviceEventsBatch);
  const states = (): Array<Record<string, unknown>> =>
    broker.published.filter((p) => p.topic === topics.state(DEVICE_ID)).map((p) => JSON.parse(p.payload) as Record<string, unknown>);

  async function pushPlaylist(payload: PlaylistPayload): Promise<void> {
    await broker.publish(topics.playlist(DEVICE_ID), signedPlaylist(key.signingKey, payload), true);
  }

  it('should verify, sync, play and report a pushed playlist, and drop the log only when the server acks it', async () => {
    mediaServer.serve(notice.ref.url, notice.bytes);
    const item = timelineItem(at(60_000), notice.ref);
    await pushPlaylist(playlist({ items: [item] }));
    const clock = new FakeClock(T0);
    const { agent, has } = startAgent(clock);

    await eventually(() => has('收到节目单') && has('媒体已就绪'), 'playlist and media');
    expect(fs.existsSync(path.join(dir, 'media', `${notice.ref.sha256}.mp3`))).toBe(true);
    await eventually(() => states().some((s) => s.online === true && s.playlistVersion === playlist().version), 'state with version');

    await clock.advance(60_000);
    // The sound starts once the slot's handled mark is on disk (real I/O, not the fake clock).
    await eventually(() => has('开始播放'), 'start');
    await clock.advance(30_000);
    const logs = await eventually(() => batches().find((b) => b.playLogs?.length)?.playLogs, 'play log batch');
    expect(logs).toEqual([expect.objectContaining({ slotId: item.slotId, outcome: 'completed', playedMs: 30_000, deviceId: DEVICE_ID })]);
    expect(agent.pendingPlayLogs()).toBe(1);

    await broker.publish(topics.command(DEVICE_ID), signedCommand(key.signingKey, { type: 'playlog-ack', ids: [logs[0].id] }, 1));
    await eventually(() => has('播放记录已确认'), 'ack');
    expect(agent.pendingPlayLogs()).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'journal.ndjson'), 'utf8')).toContain(`{"t":"ack","ids":["${logs[0].id}"]}`);
  });

  it('should play a slot scheduled for now as soon as its new media is verified', async () => {
    mediaServer.serve(notice.ref.url, notice.bytes);
    const item = timelineItem(at(0), notice.ref);
    await pushPlaylist(playlist({ items: [item] }));
    const clock = new FakeClock(T0);
    const { logger } = startAgent(clock);
    const started = await eventually(() => logger.lines.find((l) => l.msg === '开始播放'), 'late start');
    expect(started).toMatchObject({ slotId: item.slotId, startAt: item.startAt });
    expect(logger.msgs().indexOf('媒体未就绪，等待下载')).toBeLessThan(logger.msgs().indexOf('媒体已就绪'));
  });

  it('should send a backlog in batches of at most 200 play logs when it connects', async () => {
    const journal = new Journal(path.join(dir, 'journal.ndjson'));
    for (let i = 0; i < 450; i++) {
      journal.append({ id: `log-${i}`, deviceId: DEVICE_ID, slotId: null, scheduleId: 'loop-1', contentId: 'c', revisionId: 'r', sha256: notice.ref.sha256, startedAt: at(0), endedAt: at(1), playedMs: 1, outcome: 'completed' });
    }
    const { agent } = startAgent(new FakeClock(T0));
    await eventually(() => batches().length === 3, 'three batches');
    expect(batches().map((b) => b.playLogs?.length)).toEqual([200, 200, 50]);
    expect(batches().flatMap((b) => b.playLogs ?? []).map((e) => e.id)).toEqual(journal.pending().map((e) => e.id));
    expect(agent.pendingPlayLogs()).toBe(450);
  });

  it('should stop the current item and report command results when commanded', async () => {
    mediaServer.serve(notice.ref.url, notice.bytes);
    await pushPlaylist(playlist({ items: [timelineItem(at(1_000), notice.ref)] }));
    const clock = new FakeClock(T0);
    const { has } = startAgent(clock);
    await eventually(() => has('媒体已就绪'), 'media');
    await clock.advance(5_000);
    await broker.publish(topics.command(DEVICE_ID), signedCommand(key.signingKey, { type: 'stop' }, 1));
    await broker.publish(topics.command(DEVICE_ID), signedCommand(key.signingKey, { type: 'set-volume', volume: 80 }, 2));

    const logs = await eventually(() => batches().find((b) => b.playLogs?.length)?.playLogs, 'interrupted log');
    expect(logs).toEqual([expect.objectContaining({ outcome: 'interrupted', reason: 'stopped-by-command', playedMs: 4_000 })]);
    const results = await eventually(() => {
      const all = batches().flatMap((b) => b.commandResults ?? []);
      return all.length === 2 && all;
    }, 'command results');
    expect(results.map((r) => [r.commandId, r.ok])).toEqual([
      ['cmd-1', true],
      ['cmd-2', true],
    ]);
    expect(results[1].message).toBe('音量已设为 80');
  });

  it('should apply, report and keep the volume across a restart when set-volume is commanded', async () => {
    const clock = new FakeClock(T0);
    const first = startAgent(clock);
    await eventually(() => states().some((s) => s.online === true), 'online');
    expect(states()[0].volume).toBe(100);
    await broker.publish(topics.command(DEVICE_ID), signedCommand(key.signingKey, { type: 'set-volume', volume: 35 }, 1));
    await eventually(() => states().some((s) => s.volume === 35), 'state with volume');
    expect(first.player.volume).toBe(35);
    await first.agent.stop();

    broker.published.length = 0;
    const second = startAgent(clock);
    expect(second.player.volume).toBe(35);
    const online = await eventually(() => states().find((s) => s.online === true), 'online again');
    expect(online.volume).toBe(35);
  });

  it('should refuse a volume outside 0–100 and keep the old one when commanded', async () => {
    const clock = new FakeClock(T0);
    const { player } = startAgent(clock);
    await eventually(() => states().some((s) => s.online === true), 'online');
    await broker.publish(topics.command(DEVICE_ID), signedCommand(key.signingKey, { type: 'set-volume', volume: 140 }, 1));
    const result = await eventually(() => batches().flatMap((b) => b.commandResults ?? [])[0], 'result');
    expect(result).toMatchObject({ commandId: 'cmd-1', ok: false, message: expect.stringContaining('音量无效') as unknown as string });
    expect(player.volume).toBe(100);
  });

  it('should send an unacknowledged play log again at the first 30 s sweep after it is 30 s old', async () => {
    mediaServer.serve(notice.ref.url, notice.bytes);
    await pushPlaylist(playlist({ items: [timelineItem(at(1_000), notice.ref)] }));
    const clock = new FakeClock(T0);
    const { has } = startAgent(clock);
    await eventually(() => has('媒体已就绪'), 'media');
    await clock.advance(1_000);
    await eventually(() => has('开始播放'), 'start');
    await clock.advance(30_000);
    const first = await eventually(() => batches().find((b) => b.playLogs?.length), 'first send');

    await clock.advance(29_000); // the 30 s sweep at T0+60 s: sent only 29 s ago
    await new Promise((r) => setTimeout(r, 50));
    expect(batches().filter((b) => b.playLogs?.length)).toHaveLength(1);
    await clock.advance(30_000);
    const resent = await eventually(() => batches().filter((b) => b.playLogs?.length)[1], 'resend');
    expect(resent.playLogs?.map((e) => e.id)).toEqual(first.playLogs?.map((e) => e.id));
  });

  it('should keep airing the stored playlist after a restart while offline and past its expiry', async () => {
    mediaServer.serve(notice.ref.url, notice.bytes);
    await pushPlaylist(playlist({ expiresAt: at(1_800_000), items: [timelineItem(at(3_600_000), notice.ref)] }));
    const first = startAgent(new FakeClock(T0));
    await eventually(() => first.has('媒体已就绪'), 'media');
    await first.agent.stop();
    await broker.close();
    broker = new TestBroker({});
    await broker.start();

    const clock = new FakeClock(T0 + 3_540_000);
    const second = startAgent(clock, { mqttUrl: 'mqtt://127.0.0.1:1' });
    expect(second.has('已恢复本地节目单')).toBe(true);
    await clock.advance(60_000);
    await eventually(() => second.has('开始播放'), 'start');
  });

  it('should report a tampered playlist as an error event and not store it', async () => {
    const envelope = JSON.parse(signedPlaylist(key.signingKey, playlist()).toString()) as { payload: PlaylistPayload };
    envelope.payload.items = [timelineItem(at(1_000), notice.ref)];
    await broker.publish(topics.playlist(DEVICE_ID), JSON.stringify(envelope), true);
    const { has } = startAgent(new FakeClock(T0));

    const errors = await eventually(() => batches().find((b) => b.errors?.length)?.errors, 'error event');
    expect(errors).toEqual([expect.objectContaining({ code: 'bad-signature', topic: topics.playlist(DEVICE_ID) })]);
    expect(has('消息校验失败')).toBe(true);
    expect(fs.existsSync(path.join(dir, 'playlist.json'))).toBe(false);
  });

  it('should never play media that failed verification and journal the slot as media-missing', async () => {
    mediaServer.serve(notice.ref.url, Buffer.from(notice.bytes.toString().replace('政策', '广告')));
    await pushPlaylist(playlist({ items: [timelineItem(at(5_000), notice.ref)] }));
    const clock = new FakeClock(T0);
    const { has } = startAgent(clock, { graceMs: 60_000 });

    const errors = await eventually(() => batches().find((b) => b.errors?.length)?.errors, 'mismatch event');
    expect(errors.map((e) => e.code)).toEqual(['media-hash-mismatch']);
    await clock.advance(65_000);
    const logs = await eventually(() => batches().find((b) => b.playLogs?.length)?.playLogs, 'failed play log');
    expect(logs).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'media-missing', playedMs: 0 })]);
    expect(has('开始播放')).toBe(false);
    // Retries go on (the server may fix the file), but nothing unverified ever gets its final name.
    expect(fs.readdirSync(path.join(dir, 'media')).filter((f) => !f.endsWith('.part'))).toEqual([]);
  });

  it('should journal the interrupted play and publish the offline state when stopped', async () => {
    mediaServer.serve(notice.ref.url, notice.bytes);
    await pushPlaylist(playlist({ items: [timelineItem(at(1_000), notice.ref)] }));
    const clock = new FakeClock(T0);
    const { agent, has } = startAgent(clock);
    await eventually(() => has('媒体已就绪'), 'media');
    await clock.advance(11_000);
    await eventually(() => has('开始播放'), 'start');
    await agent.stop();

    expect(states().at(-1)).toMatchObject({ online: false, deviceId: DEVICE_ID });
    const journal = fs.readFileSync(path.join(dir, 'journal.ndjson'), 'utf8');
    expect(journal).toContain('"outcome":"interrupted"');
    expect(journal).toContain('"reason":"shutdown"');
  });
});
