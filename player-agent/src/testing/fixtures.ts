import { createHash } from 'node:crypto';
import {
  generateSigningKey,
  signEnvelope,
  topics,
  type CommandPayload,
  type DeviceCommand,
  type LoopItem,
  type MediaRef,
  type PlaylistPayload,
  type SigningKey,
  type TimelineItem,
} from '@sunshine/playlists';

export const DEVICE_ID = 'spk-001';

export function media(content: string, durationMs = 60_000): { ref: MediaRef; bytes: Buffer } {
  const bytes = Buffer.from(content);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { bytes, ref: { url: `/media/${sha256}.mp3`, sha256, size: bytes.length, durationMs, mime: 'audio/mpeg' } };
}

/** Playlist versions are content hashes (64 hex). */
export function version(label: string): string {
  return createHash('sha256').update(label).digest('hex');
}

export function timelineItem(startAt: string, ref: MediaRef, overrides: Partial<TimelineItem> = {}): TimelineItem {
  const scheduleId = overrides.scheduleId ?? 'sch-1';
  return {
    slotId: `${scheduleId}:${startAt}`,
    scheduleId,
    contentId: 'content-1',
    revisionId: 'rev-1',
    title: '春耕防火通知',
    priority: 'timed',
    startAt,
    repeat: 1,
    media: ref,
    ...overrides,
  };
}

export function loopItem(ref: MediaRef, overrides: Partial<LoopItem> = {}): LoopItem {
  return { scheduleId: 'loop-1', contentId: 'content-loop', revisionId: 'rev-loop', title: '政策解读轮播', media: ref, ...overrides };
}

export function playlist(overrides: Partial<PlaylistPayload> = {}): PlaylistPayload {
  return {
    kind: 'playlist',
    deviceId: DEVICE_ID,
    regionCodes: ['530102001001', '530102001000', '530102000000'],
    version: version('v1'),
    timezone: 'Asia/Shanghai',
    horizon: { from: '2025-03-02T23:50:00.000Z', until: '2025-03-09T23:50:00.000Z' },
    items: [],
    loop: [],
    quietHours: [],
    issuedAt: '2025-03-02T23:59:00.000Z',
    expiresAt: '2025-03-10T00:00:00.000Z',
    seq: 1,
    ...overrides,
  };
}

export function testKey(): { signingKey: SigningKey; publicKeyPem: string } {
  return generateSigningKey();
}

export function signedPlaylist(key: SigningKey, payload: PlaylistPayload, deviceId = DEVICE_ID): Buffer {
  return Buffer.from(JSON.stringify(signEnvelope(topics.playlist(deviceId), payload, key)));
}

export function signedCommand(key: SigningKey, command: DeviceCommand, seq: number, deviceId = DEVICE_ID): Buffer {
  const payload: CommandPayload = {
    kind: 'command',
    commandId: `cmd-${seq}`,
    deviceId,
    command,
    issuedAt: '2025-03-02T23:59:00.000Z',
    expiresAt: '2025-03-10T00:00:00.000Z',
    seq,
  };
  return Buffer.from(JSON.stringify(signEnvelope(topics.command(deviceId), payload, key)));
}
