import { createHash, generateKeyPairSync, sign } from 'crypto';
import type { CommandPayload } from '../model/device-messages';
import { topics } from '../model/topics';
import {
  exportPrivateKeyPem,
  generateSigningKey,
  keyIdOf,
  loadPublicKey,
  loadSigningKey,
  publicKeyPemOf,
  signEnvelope,
  verifyEnvelope,
  VerifyingKeys,
  VerifyResult,
} from './envelope';

const NOW = Date.parse('2025-03-01T08:00:00.000Z');
const TOPIC = topics.command('dev-001');

function command(overrides: Partial<CommandPayload> = {}): CommandPayload {
  return {
    kind: 'command',
    commandId: 'cmd-1',
    deviceId: 'dev-001',
    command: { type: 'set-volume', volume: 70 },
    issuedAt: '2025-03-01T08:00:00.000Z',
    expiresAt: '2025-03-01T09:00:00.000Z',
    seq: 5,
    ...overrides,
  };
}

const { signingKey, publicKeyPem } = generateSigningKey();
const publicKey = loadPublicKey(publicKeyPem);
const keys: VerifyingKeys = { [signingKey.keyId]: publicKey };

function rejection<P>(result: VerifyResult<P>): { code: string; message: string } {
  if (result.ok) throw new Error('expected a rejection');
  return { code: result.code, message: result.message };
}

describe('keys', () => {
  it('should derive keyId as the first 16 hex chars of sha256 over the SPKI DER when given a public key', () => {
    const der = publicKey.export({ type: 'spki', format: 'der' });
    expect(keyIdOf(publicKey)).toBe(createHash('sha256').update(der).digest('hex').slice(0, 16));
    expect(signingKey.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('should restore the same keyId and a working key when a private PEM is exported and loaded back', () => {
    const restored = loadSigningKey(exportPrivateKeyPem(signingKey));
    expect(restored.keyId).toBe(signingKey.keyId);
    expect(publicKeyPemOf(restored)).toBe(publicKeyPem);
    const env = signEnvelope(TOPIC, command(), restored);
    expect(verifyEnvelope(TOPIC, env, { keys, nowMs: NOW }).ok).toBe(true);
  });

  it('should throw when loading a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => loadPublicKey(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow(/Ed25519/);
    expect(() => loadSigningKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(/Ed25519/);
  });
});

describe('signEnvelope / verifyEnvelope', () => {
  it('should return the payload when an envelope round-trips through JSON bytes', () => {
    const env = signEnvelope(TOPIC, command(), signingKey);
    expect(env.keyId).toBe(signingKey.keyId);
    expect(Buffer.from(env.sig, 'base64')).toHaveLength(64);
    const result = verifyEnvelope<CommandPayload>(TOPIC, Buffer.from(JSON.stringify(env)), { keys, nowMs: NOW, lastSeq: 4 });
    expect(result).toEqual({ ok: true, payload: command() });
  });

  it('should accept the envelope when given as a JSON string with keys in another order', () => {
    const env = signEnvelope(TOPIC, command(), signingKey);
    const reordered = JSON.stringify({ sig: env.sig, keyId: env.keyId, payload: Object.fromEntries(Object.entries(env.payload).reverse()) });
    expect(verifyEnvelope(TOPIC, reordered, { keys, nowMs: NOW }).ok).toBe(true);
  });

  it('should reject with bad-signature when the payload was tampered with', () => {
    const env = signEnvelope(TOPIC, command(), signingKey);
    const tampered = { ...env, payload: { ...env.payload, command: { type: 'set-volume', volume: 100 } } };
    expect(rejection(verifyEnvelope(TOPIC, tampered, { keys, nowMs: NOW }))).toEqual({ code: 'bad-signature', message: '签名校验失败' });
  });

  it('should reject with bad-signature when a valid envelope is replayed onto another device topic', () => {
    const env = signEnvelope(TOPIC, command(), signingKey);
    expect(rejection(verifyEnvelope(topics.command('dev-002'), env, { keys, nowMs: NOW })).code).toBe('bad-signature');
  });

  it('should reject with bad-signature when signed by an untrusted key that claims a trusted keyId', () => {
    const other = generateSigningKey().signingKey;
    const forged = signEnvelope(TOPIC, command(), { keyId: signingKey.keyId, privateKey: other.privateKey });
    expect(rejection(verifyEnvelope(TOPIC, forged, { keys, nowMs: NOW })).code).toBe('bad-signature');
  });

  it('should reject with unknown-key when the keyId is not trusted', () => {
    const other = generateSigningKey().signingKey;
    const env = signEnvelope(TOPIC, command(), other);
    const r = rejection(verifyEnvelope(TOPIC, env, { keys, nowMs: NOW }));
    expect(r.code).toBe('unknown-key');
    expect(r.message).toContain(other.keyId);
  });

  it('should reject with unknown-key when the keyId names an Object.prototype member', () => {
    const env = { ...signEnvelope(TOPIC, command(), signingKey), keyId: 'constructor' };
    expect(rejection(verifyEnvelope(TOPIC, env, { keys, nowMs: NOW })).code).toBe('unknown-key');
  });

  it.each([5, 6])('should reject with replay when lastSeq is %i and seq is 5', (lastSeq) => {
    const env = signEnvelope(TOPIC, command({ seq: 5 }), signingKey);
    expect(rejection(verifyEnvelope(TOPIC, env, { keys, nowMs: NOW, lastSeq })).code).toBe('replay');
  });

  it('should accept when seq is above lastSeq', () => {
    const env = signEnvelope(TOPIC, command({ seq: 5 }), signingKey);
    expect(verifyEnvelope(TOPIC, env, { keys, nowMs: NOW, lastSeq: 4 }).ok).toBe(true);
  });

  it('should reject with expired when now is past expiresAt', () => {
    const env = signEnvelope(TOPIC, command({ expiresAt: '2025-03-01T07:59:59.999Z' }), signingKey);
    const r = rejection(verifyEnvelope(TOPIC, env, { keys, nowMs: NOW }));
    expect(r.code).toBe('expired');
    expect(r.message).toContain('过期');
  });

  it('should accept when now equals expiresAt exactly', () => {
    const env = signEnvelope(TOPIC, command({ expiresAt: '2025-03-01T08:00:00.000Z' }), signingKey);
    expect(verifyEnvelope(TOPIC, env, { keys, nowMs: NOW }).ok).toBe(true);
  });

  it('should accept an expired payload when allowExpired is set', () => {
    const env = signEnvelope(TOPIC, command({ expiresAt: '2025-03-01T07:00:00.000Z' }), signingKey);
    expect(verifyEnvelope(TOPIC, env, { keys, nowMs: NOW, allowExpired: true }).ok).toBe(true);
  });

  it('should reject with expired when issuedAt is further in the future than maxFutureSkewMs', () => {
    const env = signEnvelope(TOPIC, command({ issuedAt: '2025-03-01T08:05:00.001Z' }), signingKey);
    expect(rejection(verifyEnvelope(TOPIC, env, { keys, nowMs: NOW, maxFutureSkewMs: 300_000 })).code).toBe('expired');
    expect(verifyEnvelope(TOPIC, env, { keys, nowMs: NOW, maxFutureSkewMs: 300_001 }).ok).toBe(true);
    expect(verifyEnvelope(TOPIC, env, { keys, nowMs: NOW }).ok).toBe(true);
  });

  it('should check the signature before expiry when a forged envelope is also expired', () => {
    const env = signEnvelope(TOPIC, command({ expiresAt: '2025-03-01T07:00:00.000Z' }), signingKey);
    const tampered = { ...env, payload: { ...env.payload, seq: 99 } };
    expect(rejection(verifyEnvelope(TOPIC, tampered, { keys, nowMs: NOW })).code).toBe('bad-signature');
  });

  const valid = signEnvelope(TOPIC, command(), signingKey);
  it.each<[string, unknown]>([
    ['invalid JSON text', '{"payload":'],
    ['invalid JSON bytes', Buffer.from('not json')],
    ['null', null],
    ['a number', 42],
    ['an array', [valid]],
    ['a missing sig', { payload: valid.payload, keyId: valid.keyId }],
    ['a non-string keyId', { ...valid, keyId: 7 }],
    ['an array payload', { ...valid, payload: [] }],
    ['a sig that is not base64', { ...valid, sig: 'not base64!' }],
    ['a missing issuedAt', { ...valid, payload: { ...valid.payload, issuedAt: undefined } }],
    ['a local-time expiresAt', { ...valid, payload: { ...valid.payload, expiresAt: '2025-03-01 09:00' } }],
    ['a string seq', { ...valid, payload: { ...valid.payload, seq: '5' } }],
    ['a negative seq', { ...valid, payload: { ...valid.payload, seq: -1 } }],
    ['a fractional seq', { ...valid, payload: { ...valid.payload, seq: 1.5 } }],
  ])('should reject with malformed when given %s', (_label, raw) => {
    expect(rejection(verifyEnvelope(TOPIC, raw, { keys, nowMs: NOW })).code).toBe('malformed');
  });

  it('should reject without throwing when the object payload cannot be canonicalised', () => {
    const env = { ...valid, payload: { ...valid.payload, extra: NaN } };
    expect(rejection(verifyEnvelope(TOPIC, env, { keys, nowMs: NOW })).code).toBe('bad-signature');
  });

  it('should reject with bad-signature when the signature has the wrong length', () => {
    const env = { ...valid, sig: Buffer.alloc(32).toString('base64') };
    expect(rejection(verifyEnvelope(TOPIC, env, { keys, nowMs: NOW })).code).toBe('bad-signature');
  });

  it('should verify a signature produced by an outside tool over the hand-written canonical bytes', () => {
    const outside = generateKeyPairSync('ed25519');
    const payload = { seq: 1, kind: 'command', expiresAt: '2025-03-01T09:00:00Z', issuedAt: '2025-03-01T08:00:00Z', note: '测试€' };
    // What any RFC 8785 implementation produces for { topic, payload }: keys sorted, no whitespace, UTF-8.
    const canonical =
      '{"payload":{"expiresAt":"2025-03-01T09:00:00Z","issuedAt":"2025-03-01T08:00:00Z","kind":"command","note":"测试€","seq":1},' +
      '"topic":"sunshine/v1/devices/dev-001/command"}';
    const sig = sign(null, Buffer.from(canonical, 'utf8'), outside.privateKey).toString('base64');
    const keyId = keyIdOf(outside.publicKey);
    const result = verifyEnvelope(TOPIC, JSON.stringify({ payload, keyId, sig }), { keys: { [keyId]: outside.publicKey }, nowMs: NOW });
    expect(result).toEqual({ ok: true, payload });
  });
});
