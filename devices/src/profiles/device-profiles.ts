/**
 * Device profiles as data (DESIGN.md §4): everything a rendition needs to fit a device — container, codecs,
 * loudness target, and for screens the resolution and how much text fits on one page.
 */
export type DeviceKind = 'speaker' | 'tv' | 'led';

export const DEVICE_KINDS: readonly DeviceKind[] = Object.freeze(['speaker', 'tv', 'led']);

export interface AudioSpec {
  codec: 'mp3' | 'aac';
  sampleRate: number;
  channels: 1 | 2;
  bitrateKbps: number;
  /** EBU R128 integrated loudness target. */
  loudnessLufs: number;
  /** Maximum true peak, dBTP. */
  truePeakDb: number;
  /** Accepted deviation of the measured integrated loudness from the target, LU. */
  loudnessToleranceLu: number;
}

export interface VideoSpec {
  codec: 'h264';
  width: number;
  height: number;
  fps: number;
  fontSizePx: number;
  maxCharsPerLine: number;
  maxLinesPerPage: number;
  /** One-line strip screens scroll the text instead of paging it. */
  ticker: boolean;
}

export interface DeviceProfile {
  id: string;
  kind: DeviceKind;
  /** Chinese, shown to operators. */
  description: string;
  container: 'mp3' | 'mp4';
  mime: string;
  audio: AudioSpec;
  video?: VideoSpec;
}

/** Outdoor screens compete with street noise, so they get the loudspeaker loudness rather than broadcast TV's. */
const OUTDOOR_AUDIO: AudioSpec = {
  codec: 'aac',
  sampleRate: 48_000,
  channels: 1,
  bitrateKbps: 64,
  loudnessLufs: -16,
  truePeakDb: -1.5,
  loudnessToleranceLu: 1,
};

export const PROFILES: readonly DeviceProfile[] = deepFreeze([
  {
    id: 'speaker',
    kind: 'speaker',
    description: '村级 IP 音柱 / 应急广播喇叭：单声道 MP3',
    container: 'mp3',
    mime: 'audio/mpeg',
    audio: { codec: 'mp3', sampleRate: 44_100, channels: 1, bitrateKbps: 64, loudnessLufs: -16, truePeakDb: -1.5, loudnessToleranceLu: 1 },
  },
  {
    id: 'hall-tv-1080p',
    kind: 'tv',
    description: '便民服务大厅电视：1920×1080，H.264 + AAC 立体声，响度 −24 LUFS（GY/T 282-2014）',
    container: 'mp4',
    mime: 'video/mp4',
    audio: { codec: 'aac', sampleRate: 48_000, channels: 2, bitrateKbps: 128, loudnessLufs: -24, truePeakDb: -2, loudnessToleranceLu: 1 },
    video: { codec: 'h264', width: 1920, height: 1080, fps: 25, fontSizePx: 52, maxCharsPerLine: 30, maxLinesPerPage: 9, ticker: false },
  },
  {
    id: 'led-384x192',
    kind: 'led',
    description: '户外 LED 小屏：384×192，大字少字，分页显示',
    container: 'mp4',
    mime: 'video/mp4',
    audio: OUTDOOR_AUDIO,
    video: { codec: 'h264', width: 384, height: 192, fps: 25, fontSizePx: 32, maxCharsPerLine: 11, maxLinesPerPage: 4, ticker: false },
  },
  {
    id: 'led-strip-1024x64',
    kind: 'led',
    description: '户外 LED 条屏：1024×64，单行滚动字幕',
    container: 'mp4',
    mime: 'video/mp4',
    audio: OUTDOOR_AUDIO,
    video: { codec: 'h264', width: 1024, height: 64, fps: 25, fontSizePx: 48, maxCharsPerLine: 20, maxLinesPerPage: 1, ticker: true },
  },
]);

export function getProfile(id: string): DeviceProfile | undefined {
  return PROFILES.find((p) => p.id === id);
}

const DEFAULT_PROFILE_ID: Record<DeviceKind, string> = { speaker: 'speaker', tv: 'hall-tv-1080p', led: 'led-384x192' };

export function defaultProfileForKind(kind: DeviceKind): DeviceProfile {
  const profile = getProfile(DEFAULT_PROFILE_ID[kind]);
  if (!profile) throw new Error(`unknown device kind ${String(kind)}`);
  return profile;
}

export function isDeviceKind(x: unknown): x is DeviceKind {
  return typeof x === 'string' && (DEVICE_KINDS as readonly string[]).includes(x);
}

/** Profiles are shared module state: freezing stops one caller's tweak leaking into every render. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
