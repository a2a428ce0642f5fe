/**
 * The published contract (docs/) against the code: the committed JSON Schemas are what `npm run schemas` generates
 * from playlists/src/model, real messages (server compiler/signing/broadcaster code, the real agent over a real
 * broker) validate against them, and the signed example in docs/protocol.md still verifies. No server process.
 */
import type { ValidateFunction } from 'ajv';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  canonicalize,
  compilePlaylist,
  keyIdOf,
  loadPublicKey,
  signEnvelope,
  topics,
  verifyEnvelope,
  type AlertMedia,
  type AlertPayload,
  type DeviceEventsBatch,
  type Envelope,
  type PlaylistPayload,
  type ScheduleSpec,
  type SigningKey,
} from '@sunshine/playlists';
import { PlayerAgent } from '../player-agent/src/agent';
import { NullPlayer } from '../player-agent/src/backends';
import { FakeClock } from '../player-agent/src/testing/fake-clock';
import { DEVICE_ID, media, playlist, signedCommand, signedPlaylist, testKey, timelineItem } from '../player-agent/src/testing/fixtures';
import { TestMediaServer } from '../player-agent/src/testing/media-server';
import { memoryLogger } from '../player-agent/src/testing/memory-logger';
import { eventually, TestBroker } from '../player-agent/src/testing/test-broker';
import { AlertBroadcaster } from '../server/src/alerts/alert-broadcaster';
import type { AlertEntity } from '../server/src/alerts/alert.entity';
import { Clock } from '../server/src/common/clock';
import type { AppConfig } from '../server/src/config/app-config';
import type { MqttBus } from '../server/src/mqtt/mqtt-bus';
import { SignedPublisher } from '../server/src/signing/signed-publisher.service';
import { SigningKeyService } from '../server/src/signing/signing-key.service';
import { messageValidator, type MessageSchema } from './support/schemas';

const ROOT = path.resolve(__dirname, '..');
const SCHEMA_DIR = path.join(ROOT, 'docs', 'schemas');
const T0 = Date.parse('2026-12-01T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Plain CommonJS (runs without a TypeScript loader), so it is required, typed here.
const { generateSchemas } = require('../scripts/schemas.js') as { generateSchemas: () => Record<string, string> };

type Stem = MessageSchema;

function validators(): Record<Stem, ValidateFunction> {
  return { playlist: messageValidator('playlist'), command: messageValidator('command'), alert: messageValidator('alert'), state: messageValidator('state'), events: messageValidator('events') };
}

/** Passes, or fails naming the message and every schema error. */
function expectValid(validate: ValidateFunction, message: unknown, what: string): void {
  const ok = validate(message);
  expect({ what, errors: ok ? null : validate.errors }).toEqual({ what, errors: null });
}

class FixedClock extends Clock {
  constructor(private readonly ms: number) {
    super();
  }
  now(): Date {
    return new Date(this.ms);
  }
}

describe('docs/schemas: JSON Schemas of every MQTT message', () => {
  it('should be exactly what `npm run schemas` generates from the contract types (run it after changing playlists/src/model)', () => {
    const generated = generateSchemas();
    const committed = fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json')).sort();
    expect(committed).toEqual(Object.keys(generated).sort());
    for (const name of committed) expect({ name, text: fs.readFileSync(path.join(SCHEMA_DIR, name), 'utf8') }).toEqual({ name, text: generated[name] });
  }, 60_000);

  it('should reject a message that breaks the contract (a schema that accepts anything would pass the rest)', () => {
    const v = validators();
    const good = { online: true, deviceId: 'spk-1', at: '2026-12-01T00:00:00.000Z', volume: 80 };
    expect(v.state(good)).toBe(true);
    expect(v.state({ ...good, volume: '80' })).toBe(false);
    expect(v.state({ ...good, surprise: 1 })).toBe(false);
    expect(v.command({ payload: { kind: 'command' }, keyId: 'k', sig: 's' })).toBe(false);
    expect(v.events({ kind: 'events', deviceId: 'd', batchId: 'b', sentAt: 'now', alertAcks: [{ id: 'x', alertId: 'a', state: 'heard', at: 'now' }] })).toBe(false);
  });
});

describe('server → device messages built by the server code', () => {
  let dataDir: string;
  let sent: Array<{ topic: string; text: string; retain: boolean }>;
  let keys: SigningKeyService;
  let publisher: SignedPublisher;
  let v: Record<Stem, ValidateFunction>;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-'));
    keys = new SigningKeyService({ dataDir } as AppConfig);
    v = validators();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  beforeEach(() => {
    sent = [];
    const bus = {
      publish: (topic: string, payload: string | Buffer, opts: { retain: boolean }) => {
        sent.push({ topic, text: payload.toString(), retain: opts.retain });
        return Promise.resolve();
      },
    } as unknown as MqttBus;
    publisher = new SignedPublisher(keys, bus, new FixedClock(T0));
  });

  const verified = (topic: string, text: string): boolean =>
    verifyEnvelope(topic, text, { keys: { [keys.publicKey.keyId]: loadPublicKey(keys.publicKey.publicKeyPem) }, nowMs: T0 }).ok;

  it('should publish compiled playlists (timed items, loop windows, quiet and opening hours) that match playlist.schema.json', async () => {
    const notice = media('防火通知').ref;
    const filler = media('政策解读').ref;
    const base = { contentId: 'c-1', revisionId: 'r-1', title: '春季森林防火通知', repeat: 2, window: {} };
    const schedules: ScheduleSpec[] = [
      { ...base, id: 's-timed', priority: 'timed', targets: { regionCodes: ['510811100000'] }, slots: { mode: 'times', times: ['07:00', '18:30'] } },
      {
        ...base,
        id: 's-loop',
        contentId: 'c-2',
        revisionId: 'r-2',
        title: '医保政策解读',
        repeat: 1,
        priority: 'loop',
        targets: { kinds: ['tv'] },
        window: { from: new Date(T0 + DAY).toISOString(), until: new Date(T0 + 3 * DAY).toISOString() },
        slots: { mode: 'times', times: [] },
      },
    ];
    const devices = [
      { id: 'spk-1', kind: 'speaker', profile: 'speaker', regionCodes: ['510811100201', '510811100000', '510811000000'] },
      { id: 'tv-1', kind: 'tv', profile: 'hall-tv-1080p', regionCodes: ['510811100201', '510811100000', '510811000000'], openingHours: [{ from: '08:30', until: '17:30' }] },
    ];
    for (const device of devices) {
      const { playlist: compiled } = compilePlaylist({ device, schedules, media: { 'r-1': notice, 'r-2': filler }, nowMs: T0, horizonMs: 7 * DAY, timezone: 'Asia/Shanghai' });
      const payload: PlaylistPayload = { ...compiled, ...publisher.stamp(7 * DAY) };
      await publisher.publish(topics.playlist(device.id), payload, { retain: true });
    }
    const [speaker, tv] = sent.map((s) => JSON.parse(s.text) as Envelope<PlaylistPayload>);
    // The messages carry what the schema must describe, or this test proves little.
    expect(speaker.payload.items.length).toBeGreaterThan(0);
    expect(speaker.payload.quietHours.length).toBeGreaterThan(0);
    expect(tv.payload.loop[0]).toEqual(expect.objectContaining({ from: expect.any(String), until: expect.any(String) }));
    expect(tv.payload.openingHours).toEqual([{ from: '08:30', until: '17:30' }]);
    for (const s of sent) {
      expectValid(v.playlist, JSON.parse(s.text), s.topic);
      expect(verified(s.topic, s.text)).toBe(true);
    }
  });

  it('should send every command kind in envelopes that match command.schema.json', async () => {
    await publisher.sendCommand('spk-1', { type: 'set-volume', volume: 60 });
    await publisher.sendCommand('spk-1', { type: 'playlog-ack', ids: ['log-1', 'log-2'] });
    await publisher.sendCommand('spk-1', { type: 'sync-now' });
    await publisher.sendCommand('spk-1', { type: 'stop' });
    await publisher.sendCommand('spk-1', { type: 'identify' });
    expect(sent).toHaveLength(5);
    for (const s of sent) {
      expectValid(v.command, JSON.parse(s.text), s.text);
      expect(verified(s.topic, s.text)).toBe(true);
      expect(s.retain).toBe(false);
    }
  });

  it('should broadcast alerts and their cancellation in envelopes that match alert.schema.json', async () => {
    const broadcaster = new AlertBroadcaster(publisher, {} as MqttBus, { mediaBaseUrl: undefined } as unknown as AppConfig);
    const tone = media('tone').ref;
    const alertMedia: AlertMedia = { tone, speech: media('speech').ref };
    const alert = {
      id: 'a-1',
      level: 2,
      title: '山洪预警',
      text: '请沿河群众立即转移。',
      repeat: 2,
      regionCodes: ['510811100000', '510811200000'],
      expiresAt: new Date(T0 + 2 * HOUR),
    } as AlertEntity;
    await broadcaster.publish({ ...alert, media: alertMedia }, 'active');
    await broadcaster.publish({ ...alert, media: { tone, speech: null } }, 'cancelled');
    expect(sent.map((s) => [s.topic, s.retain])).toEqual([
      [topics.alert('510811100000'), true],
      [topics.alert('510811200000'), true],
      [topics.alert('510811100000'), false],
      [topics.alert('510811200000'), false],
    ]);
    for (const s of sent) {
      expectValid(v.alert, JSON.parse(s.text), s.text);
      expect(verified(s.topic, s.text)).toBe(true);
    }
  });
});

describe('device → server messages sent by the real agent', () => {
  const key = testKey();
  const notice = media('乡村振兴政策解读'.repeat(200), 20_000);
  const tone = media('alert-tone'.repeat(50), 3_000);
  const speech = media('山洪预警'.repeat(50), 5_000);
  const AT0 = Date.parse('2025-03-03T00:00:00Z');
  const at = (ms: number): string => new Date(AT0 + ms).toISOString();
  let dir: string;
  let broker: TestBroker;
  let mediaServer: TestMediaServer;
  let mqttUrl: string;
  let serverUrl: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-agent-'));
    broker = new TestBroker({ [DEVICE_ID]: 'device-token' });
    mediaServer = new TestMediaServer();
    [mqttUrl, serverUrl] = await Promise.all([broker.start(), mediaServer.start()]);
    for (const m of [notice, tone, speech]) mediaServer.serve(m.ref.url, m.bytes);
  });
  afterEach(async () => {
    await Promise.all([broker.close(), mediaServer.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should publish states (online, heartbeat, offline) and event batches (play logs, command results, alert acks, errors) that match the schemas', async () => {
    const clock = new FakeClock(AT0);
    const logger = memoryLogger(clock);
    const config = { serverUrl, mqttUrl, deviceId: DEVICE_ID, token: 'device-token', publicKeyPem: key.publicKeyPem, dataDir: dir, backend: { kind: 'null' as const } };
    const agent = new PlayerAgent(config, { clock, player: new NullPlayer(clock), log: logger.log, mediaStartJitterMs: 0 });
    const has = (msg: string): boolean => logger.msgs().includes(msg);
    const published = (topic: string): unknown[] => broker.published.filter((p) => p.topic === topic && p.payload !== '').map((p) => JSON.parse(p.payload) as unknown);
    const batches = (): DeviceEventsBatch[] => published(topics.events(DEVICE_ID)) as DeviceEventsBatch[];

    await broker.publish(topics.playlist(DEVICE_ID), signedPlaylist(key.signingKey, playlist({ items: [timelineItem(at(1_000), notice.ref)] })), true);
    agent.start();
    try {
      await eventually(() => has('媒体已就绪'), 'media');
      await clock.advance(1_000);
      // The sound starts once the slot's handled mark is on disk (real I/O, not the fake clock).
      await eventually(() => has('开始播放'), 'start');
      await clock.advance(20_000);
      await eventually(() => batches().some((b) => b.playLogs?.length), 'play log batch');

      await broker.publish(topics.command(DEVICE_ID), signedCommand(key.signingKey, { type: 'set-volume', volume: 70 }, 1));
      await broker.publish(topics.command(DEVICE_ID), signedCommand(key.signingKey, { type: 'set-volume', volume: 140 }, 2));
      await eventually(() => batches().flatMap((b) => b.commandResults ?? []).length === 2, 'command results');
      // A forged message: the agent reports it as an error event.
      await broker.publish(topics.command(DEVICE_ID), signedCommand(testKey().signingKey, { type: 'stop' }, 3));
      await eventually(() => batches().some((b) => b.errors?.length), 'error event');

      const alert: AlertPayload = {
        kind: 'alert', alertId: 'a-1', status: 'active', level: 2, title: '山洪预警', text: '请沿河群众立即转移。', repeat: 1,
        media: { tone: tone.ref, speech: speech.ref }, regionCodes: ['530102001000'], volume: 100, issuedAt: at(21_000), expiresAt: at(HOUR), seq: 10,
      };
      await eventually(() => broker.subscriptions.some((s) => s.topic === topics.alert('530102001000')), 'alert subscription');
      await broker.publish(topics.alert('530102001000'), JSON.stringify(signEnvelope(topics.alert('530102001000'), alert, key.signingKey)), true);
      await eventually(() => has('开始播放应急广播'), 'alert playing');
      // The speech download starts within a second of the tone (spread): let it land before the tone ends.
      await clock.advance(1_000);
      await eventually(() => logger.lines.some((l) => l.msg === '应急广播媒体已就绪' && l.sha256 === speech.ref.sha256), 'speech fetched');
      await clock.advance(10_000);
      await eventually(() => batches().some((b) => b.alertAcks?.some((a) => a.state === 'success')), 'alert success ack');
      await clock.advance(60_000); // a heartbeat
    } finally {
      await agent.stop();
    }

    const states = published(topics.state(DEVICE_ID)) as Array<{ online: boolean }>;
    expect(states.some((s) => s.online) && states.some((s) => !s.online)).toBe(true);
    const all = batches();
    for (const field of ['playLogs', 'commandResults', 'alertAcks', 'errors'] as const) expect(all.some((b) => (b[field]?.length ?? 0) > 0)).toBe(true);
    const v = validators();
    for (const s of states) expectValid(v.state, s, JSON.stringify(s));
    for (const b of all) expectValid(v.events, b, JSON.stringify(b));
  }, 30_000);
});

/** docs/protocol.md's worked example: every value in it is checked here, so the document cannot drift from the code. */
describe('docs/protocol.md worked signing example', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'protocol.md'), 'utf8');
  /** The fenced block right after `<!-- example:NAME -->`. */
  const block = (name: string): string => {
    const m = new RegExp(`<!-- example:${name} -->\\s*\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
    if (!m) throw new Error(`docs/protocol.md has no example block ${name}`);
    return m[1];
  };
  const seedHex = block('seed').trim();
  const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedHex, 'hex')]), format: 'der', type: 'pkcs8' });
  const topic = block('topic').trim();
  const envelopeText = block('envelope');
  const envelope = JSON.parse(envelopeText) as Envelope<PlaylistPayload>;

  it('should give the public key and keyId derived from the example seed', () => {
    const publicKey = createPublicKey(privateKey);
    expect(publicKey.export({ type: 'spki', format: 'pem' }).toString().trim()).toBe(block('public-key').trim());
    expect(block('key-id').trim()).toBe(keyIdOf(publicKey));
    expect(envelope.keyId).toBe(keyIdOf(publicKey));
  });

  it('should show the exact RFC 8785 bytes that are signed, and their signature', () => {
    const canonical = canonicalize({ topic, payload: envelope.payload });
    expect(block('canonical')).toBe(canonical);
    expect(block('canonical-hex').replace(/\s+/g, '')).toBe(Buffer.from(canonical, 'utf8').toString('hex'));
    const key: SigningKey = { keyId: envelope.keyId, privateKey };
    expect(signEnvelope(topic, envelope.payload, key).sig).toBe(envelope.sig);
  });

  it('should verify with the project code and match playlist.schema.json, and fail for another topic', () => {
    const keys = { [envelope.keyId]: loadPublicKey(block('public-key')) };
    const nowMs = Date.parse(envelope.payload.issuedAt);
    expect(verifyEnvelope(topic, envelopeText, { keys, nowMs })).toEqual({ ok: true, payload: envelope.payload });
    expect(verifyEnvelope(topics.playlist('spk-other'), envelopeText, { keys, nowMs })).toMatchObject({ ok: false, code: 'bad-signature' });
    expectValid(validators().playlist, envelope, 'protocol.md example');
  });
});
