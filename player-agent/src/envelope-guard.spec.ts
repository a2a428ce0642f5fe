import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signEnvelope, topics, type PlaylistPayload } from '@sunshine/playlists';
import { AgentStore } from './agent-store';
import { EnvelopeGuard, verifyingKeysFromPem, type GuardResult } from './envelope-guard';
import { FakeClock } from './testing/fake-clock';
import { DEVICE_ID, playlist, signedCommand, signedPlaylist, testKey } from './testing/fixtures';

const TOPIC = topics.playlist(DEVICE_ID);

describe('EnvelopeGuard', () => {
  const key = testKey();
  let dir: string;
  let clock: FakeClock;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-'));
    clock = new FakeClock(Date.parse('2025-03-03T08:00:00Z'));
  });
  afterEach(async () => {
    await flushed();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let stores: AgentStore[] = [];
  beforeEach(() => (stores = []));
  const newGuard = (pem = key.publicKeyPem): EnvelopeGuard => {
    const store = new AgentStore(dir);
    stores.push(store);
    return new EnvelopeGuard({ keys: verifyingKeysFromPem(pem), clock, store });
  };
  /** Stores write off the event loop: what a restart would find is on disk once they are flushed. */
  const flushed = (): Promise<unknown> => Promise.all(stores.map((s) => s.flush()));

  function rejection<P>(result: GuardResult<P>): { code: string; message: string; topic?: string } {
    if (result.status !== 'rejected') throw new Error(`expected a rejection, got ${result.status}`);
    return result.error;
  }

  it('should accept a signed playlist and persist its envelope and seq when valid', async () => {
    const raw = signedPlaylist(key.signingKey, playlist({ seq: 5 }));
    const result = newGuard().acceptPlaylist(TOPIC, raw);
    expect(result.status).toBe('accepted');
    expect(result.status === 'accepted' && result.payload.seq).toBe(5);
    await flushed();
    const store = new AgentStore(dir);
    expect(store.loadPlaylistRaw()).toEqual(raw);
    expect(store.streamMark(TOPIC)?.seq).toBe(5);
  });

  it('should reject a tampered payload as bad-signature with a Chinese message and the topic', () => {
    const envelope = JSON.parse(signedPlaylist(key.signingKey, playlist()).toString()) as { payload: PlaylistPayload };
    envelope.payload.regionCodes = ['110101001001'];
    const error = rejection(newGuard().acceptPlaylist(TOPIC, Buffer.from(JSON.stringify(envelope))));
    expect(error).toMatchObject({ code: 'bad-signature', topic: TOPIC });
    expect(error.message).toMatch(/签名/);
    expect(new AgentStore(dir).loadPlaylistRaw()).toBeNull();
  });

  it('should reject an envelope signed for another device when replayed onto this topic', () => {
    const raw = signedPlaylist(key.signingKey, playlist({ deviceId: 'spk-002' }), 'spk-002');
    expect(rejection(newGuard().acceptPlaylist(TOPIC, raw)).code).toBe('bad-signature');
  });

  it('should reject a key the agent was not provisioned with as unknown-key', () => {
    const raw = signedPlaylist(testKey().signingKey, playlist());
    expect(rejection(newGuard().acceptPlaylist(TOPIC, raw)).code).toBe('unknown-key');
  });

  it('should reject an older seq after a restart as replay and ignore the identical redelivery', async () => {
    const current = signedPlaylist(key.signingKey, playlist({ seq: 2 }));
    expect(newGuard().acceptPlaylist(TOPIC, current).status).toBe('accepted');
    await flushed();

    const restarted = newGuard();
    expect(restarted.acceptPlaylist(TOPIC, current)).toEqual({ status: 'duplicate' });
    const older = rejection(restarted.acceptPlaylist(TOPIC, signedPlaylist(key.signingKey, playlist({ seq: 1 }))));
    expect(older).toMatchObject({ code: 'replay', topic: TOPIC });
    const sameSeqOtherContent = signedPlaylist(key.signingKey, playlist({ seq: 2, regionCodes: ['110101001001'] }));
    expect(rejection(restarted.acceptPlaylist(TOPIC, sameSeqOtherContent)).code).toBe('replay');
  });

  it('should reject an expired playlist when it arrives', () => {
    const raw = signedPlaylist(key.signingKey, playlist({ issuedAt: '2025-03-01T00:00:00Z', expiresAt: '2025-03-03T07:59:59Z' }));
    const error = rejection(newGuard().acceptPlaylist(TOPIC, raw));
    expect(error.code).toBe('expired');
    expect(error.message).toContain('过期');
  });

  it('should reject bytes that are not an envelope as malformed', () => {
    expect(rejection(newGuard().acceptPlaylist(TOPIC, Buffer.from('{not json'))).code).toBe('malformed');
    expect(rejection(newGuard().acceptPlaylist(TOPIC, Buffer.from('{"payload":{}}'))).code).toBe('malformed');
  });

  it('should reject a validly signed playlist with invalid content and keep the previous seq', () => {
    const bad = { ...playlist({ seq: 3 }), items: [{ slotId: 'x' }] } as unknown as PlaylistPayload;
    const error = rejection(newGuard().acceptPlaylist(TOPIC, Buffer.from(JSON.stringify(signEnvelope(TOPIC, bad, key.signingKey)))));
    expect(error.code).toBe('invalid-playlist');
    expect(error.message).toContain('items[0]');
    expect(new AgentStore(dir).streamMark(TOPIC)).toBeUndefined();
  });

  it('should restore an expired stored playlist when re-verifying at start-up', () => {
    const raw = signedPlaylist(key.signingKey, playlist({ seq: 4, issuedAt: '2025-03-01T00:00:00Z', expiresAt: '2025-03-02T00:00:00Z' }));
    const result = newGuard().restorePlaylist(TOPIC, raw);
    expect(result.status).toBe('accepted');
    expect(rejection(newGuard(testKey().publicKeyPem).restorePlaylist(TOPIC, raw)).code).toBe('unknown-key');
  });

  it('should accept commands in seq order and reject malformed command payloads', () => {
    const guard = newGuard();
    const commandTopic = topics.command(DEVICE_ID);
    const ack = guard.acceptCommand(commandTopic, signedCommand(key.signingKey, { type: 'playlog-ack', ids: ['a', 'b'] }, 1));
    expect(ack.status === 'accepted' && ack.payload.command).toEqual({ type: 'playlog-ack', ids: ['a', 'b'] });
    const bad = signedCommand(key.signingKey, { type: 'playlog-ack', ids: [1, 2] } as unknown as { type: 'playlog-ack'; ids: string[] }, 2);
    expect(rejection(guard.acceptCommand(commandTopic, bad)).code).toBe('invalid-payload');
    expect(rejection(guard.acceptCommand(commandTopic, signedCommand(key.signingKey, { type: 'sync-now' }, 1))).code).toBe('replay');
  });
});
