import { randomUUID } from 'node:crypto';
import {
  keyIdOf,
  loadPublicKey,
  validatePlaylistPayload,
  verifyEnvelope,
  type AgentErrorEvent,
  type CommandPayload,
  type PlaylistPayload,
  type SignedPayloadBase,
  type VerifyingKeys,
} from '@sunshine/playlists/device';
import type { AgentStore } from './agent-store';
import type { Clock } from './clock';

export type GuardResult<P> =
  | { status: 'accepted'; payload: P }
  /** The broker redelivered the message already accepted (retained playlist on reconnect, QoS 1 duplicate). */
  | { status: 'duplicate' }
  | { status: 'rejected'; error: AgentErrorEvent };

type Validate<P> = (payload: SignedPayloadBase) => { ok: true; value: P } | { ok: false; errors: string[] };

export interface EnvelopeGuardDeps {
  keys: VerifyingKeys;
  clock: Clock;
  store: Pick<AgentStore, 'streamMark' | 'recordAccepted'>;
}

/** Builds the trusted key set from the PEM the agent is provisioned with. */
export function verifyingKeysFromPem(pem: string): VerifyingKeys {
  const key = loadPublicKey(pem);
  return { [keyIdOf(key)]: key };
}

/**
 * Every server→device message passes here: signature, expiry and replay (against the seq persisted per topic,
 * so protection survives restarts), then payload validation. Rejections become error events for the server.
 */
export class EnvelopeGuard {
  constructor(private readonly deps: EnvelopeGuardDeps) {}

  acceptPlaylist(topic: string, raw: Buffer | string): GuardResult<PlaylistPayload> {
    return this.accept(topic, raw, validatePlaylistPayload, true);
  }

  acceptCommand(topic: string, raw: Buffer | string): GuardResult<CommandPayload> {
    return this.accept(topic, raw, validateCommand, false);
  }

  /** Alert payloads are only verified for now; acting on them comes with emergency pre-emption. */
  acceptAlert(topic: string, raw: Buffer | string): GuardResult<SignedPayloadBase> {
    return this.accept(topic, raw, (p) => ({ ok: true, value: p }), false);
  }

  /**
   * Re-verifies an alert kept on disk (not finished before a restart). No replay check (its mark is the one it
   * set) and expiry is the caller's: an alert that ended while the agent was down is answered, not ignored.
   */
  restoreAlert(topic: string, raw: string): GuardResult<SignedPayloadBase> {
    const verified = verifyEnvelope<SignedPayloadBase>(topic, raw, { keys: this.deps.keys, nowMs: this.deps.clock.now(), allowExpired: true });
    if (!verified.ok) return this.reject(topic, verified.code, verified.message);
    return { status: 'accepted', payload: verified.payload };
  }

  /** Re-verifies the playlist kept on disk; it may have expired meanwhile, which must not stop an offline device. */
  restorePlaylist(topic: string, raw: Buffer): GuardResult<PlaylistPayload> {
    const verified = verifyEnvelope<SignedPayloadBase>(topic, raw, { keys: this.deps.keys, nowMs: this.deps.clock.now(), allowExpired: true });
    if (!verified.ok) return this.reject(topic, verified.code, verified.message);
    const valid = validatePlaylistPayload(verified.payload);
    if (!valid.ok) return this.reject(topic, 'invalid-playlist', `节目单内容无效：${valid.errors.join('；')}`);
    return { status: 'accepted', payload: valid.value };
  }

  private accept<P extends SignedPayloadBase>(topic: string, raw: Buffer | string, validate: Validate<P>, keepRaw: boolean): GuardResult<P> {
    const mark = this.deps.store.streamMark(topic);
    const verified = verifyEnvelope<SignedPayloadBase>(topic, raw, { keys: this.deps.keys, nowMs: this.deps.clock.now(), lastSeq: mark?.seq });
    if (!verified.ok) {
      if (verified.code === 'replay' && mark && sigOf(raw) === mark.sig) return { status: 'duplicate' };
      return this.reject(topic, verified.code, verified.message);
    }
    const valid = validate(verified.payload);
    if (!valid.ok) {
      const what = keepRaw ? '节目单' : '消息';
      return this.reject(topic, keepRaw ? 'invalid-playlist' : 'invalid-payload', `${what}内容无效：${valid.errors.join('；')}`);
    }
    this.deps.store.recordAccepted(topic, { seq: verified.payload.seq, sig: sigOf(raw) ?? '' }, keepRaw ? raw : undefined);
    return { status: 'accepted', payload: valid.value };
  }

  private reject(topic: string, code: string, message: string): { status: 'rejected'; error: AgentErrorEvent } {
    return { status: 'rejected', error: { id: randomUUID(), at: new Date(this.deps.clock.now()).toISOString(), code, message, topic } };
  }
}

function validateCommand(payload: SignedPayloadBase): { ok: true; value: CommandPayload } | { ok: false; errors: string[] } {
  const p = payload as Partial<CommandPayload>;
  const errors: string[] = [];
  if (p.kind !== 'command') errors.push('kind 必须是 command');
  if (typeof p.commandId !== 'string') errors.push('缺少 commandId');
  const command = p.command as { type?: unknown; ids?: unknown; volume?: unknown } | undefined;
  if (typeof command?.type !== 'string') errors.push('缺少 command.type');
  else if (command.type === 'playlog-ack' && !(Array.isArray(command.ids) && command.ids.every((id) => typeof id === 'string'))) {
    errors.push('playlog-ack 的 ids 必须是字符串数组');
  } else if (command.type === 'set-volume' && typeof command.volume !== 'number') errors.push('set-volume 的 volume 必须是数字');
  return errors.length === 0 ? { ok: true, value: p as CommandPayload } : { ok: false, errors };
}

/** The envelope's signature, used only to recognise an exact redelivery of the last accepted message. */
function sigOf(raw: Buffer | string): string | undefined {
  try {
    const parsed = JSON.parse(raw.toString()) as { sig?: unknown } | null;
    return typeof parsed?.sig === 'string' ? parsed.sig : undefined;
  } catch {
    return undefined;
  }
}
