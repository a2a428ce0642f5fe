/**
 * Signed envelopes of DESIGN.md §6: `{ payload, keyId, sig }`, where `sig` is the base64 Ed25519 signature over
 * the UTF-8 bytes of the RFC 8785 form of `{ topic, payload }`. Binding the topic stops a message signed for one
 * device (or stream) from being replayed onto another.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'crypto';
import type { SignedPayloadBase } from '../model/playlist';
import { parseIsoInstant } from '../validation/iso-instant';
import { canonicalize } from './canonical-json';

export interface Envelope<P> {
  payload: P;
  keyId: string;
  sig: string;
}

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
}

/** Trusted public keys by keyId; more than one during a key rotation. */
export interface VerifyingKeys {
  [keyId: string]: KeyObject;
}

export type EnvelopeRejectCode = 'malformed' | 'unknown-key' | 'bad-signature' | 'expired' | 'replay';

export type VerifyResult<P> = { ok: true; payload: P } | { ok: false; code: EnvelopeRejectCode; message: string };

export interface VerifyOptions {
  keys: VerifyingKeys;
  nowMs: number;
  /** The highest seq already accepted on this topic; a payload with seq ≤ lastSeq is a replay. */
  lastSeq?: number;
  /** Accept payloads past expiresAt (e.g. an agent restoring its last playlist while offline). */
  allowExpired?: boolean;
  /** When set, a payload issued more than this far after nowMs is rejected as outside its validity window. */
  maxFutureSkewMs?: number;
}

export function generateSigningKey(): { signingKey: SigningKey; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { signingKey: { keyId: keyIdOf(publicKey), privateKey }, publicKeyPem: exportPublicKeyPem(publicKey) };
}

/** First 16 hex chars of sha256 over the SPKI DER encoding of the public key. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** Parses an Ed25519 SPKI PEM public key; throws on anything else. */
export function loadPublicKey(pem: string): KeyObject {
  return requireEd25519(createPublicKey(pem));
}

/** Parses an Ed25519 PKCS#8 PEM private key; throws on anything else. */
export function loadSigningKey(privatePem: string): SigningKey {
  const privateKey = requireEd25519(createPrivateKey(privatePem));
  return { keyId: keyIdOf(createPublicKey(privateKey)), privateKey };
}

export function exportPrivateKeyPem(key: SigningKey): string {
  return key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The PEM that agents are provisioned with, derived from the server's signing key. */
export function publicKeyPemOf(key: SigningKey): string {
  return exportPublicKeyPem(createPublicKey(key.privateKey));
}

export function signEnvelope<P extends SignedPayloadBase>(topic: string, payload: P, key: SigningKey): Envelope<P> {
  const sig = sign(null, signedBytes(topic, payload), key.privateKey).toString('base64');
  return { payload, keyId: key.keyId, sig };
}

/** Never throws: every failure is a reject code with a Chinese message for the operator's log. */
export function verifyEnvelope<P extends SignedPayloadBase>(topic: string, raw: unknown, opts: VerifyOptions): VerifyResult<P> {
  const parsed = parseRaw(raw);
  if (parsed === undefined) return reject('malformed', '消息不是有效的 JSON');
  if (!isRecord(parsed) || !isRecord(parsed.payload) || typeof parsed.keyId !== 'string' || typeof parsed.sig !== 'string') {
    return reject('malformed', '消息信封格式错误：需要 payload、keyId 和 sig');
  }
  const { payload, keyId, sig } = parsed;
  const issuedAtMs = parseIsoInstant(payload.issuedAt);
  const expiresAtMs = parseIsoInstant(payload.expiresAt);
  if (issuedAtMs === null || expiresAtMs === null) return reject('malformed', '消息缺少有效的签发时间或过期时间');
  if (typeof payload.seq !== 'number' || !Number.isSafeInteger(payload.seq) || payload.seq < 0) {
    return reject('malformed', '消息序号 seq 必须是非负整数');
  }
  if (!BASE64.test(sig)) return reject('malformed', '签名不是有效的 base64');

  if (!Object.hasOwn(opts.keys, keyId)) {
    return reject('unknown-key', `未知的签名密钥 ${keyId}`);
  }
  if (!signatureValid(topic, payload, sig, opts.keys[keyId])) return reject('bad-signature', '签名校验失败');

  if (!opts.allowExpired && opts.nowMs > expiresAtMs) {
    return reject('expired', `消息已于 ${payload.expiresAt as string} 过期`);
  }
  if (opts.maxFutureSkewMs !== undefined && issuedAtMs > opts.nowMs + opts.maxFutureSkewMs) {
    return reject('expired', '消息签发时间晚于本机时钟过多，请检查设备时钟');
  }
  if (opts.lastSeq !== undefined && payload.seq <= opts.lastSeq) {
    return reject('replay', `重放的消息：序号 ${payload.seq} 不大于已接受的 ${opts.lastSeq}`);
  }
  return { ok: true, payload: payload as unknown as P };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function signedBytes(topic: string, payload: unknown): Buffer {
  return Buffer.from(canonicalize({ topic, payload }), 'utf8');
}

function signatureValid(topic: string, payload: Record<string, unknown>, sig: string, key: KeyObject): boolean {
  try {
    return verify(null, signedBytes(topic, payload), key, Buffer.from(sig, 'base64'));
  } catch {
    // Non-canonicalisable payloads (only possible when handed an object, not JSON) cannot carry a valid signature.
    return false;
  }
}

function parseRaw(raw: unknown): unknown {
  if (typeof raw !== 'string' && !Buffer.isBuffer(raw)) return raw;
  try {
    return JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function reject<P>(code: EnvelopeRejectCode, message: string): VerifyResult<P> {
  return { ok: false, code, message };
}

function requireEd25519(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`需要 Ed25519 密钥，实际为 ${key.asymmetricKeyType ?? key.type}`);
  return key;
}

function exportPublicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}
