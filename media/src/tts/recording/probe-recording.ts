import { stat } from 'fs/promises';
import { FfmpegRunner } from '../../ffmpeg/ffmpeg-runner';
import { ProbeResult } from '../../ffmpeg/probe-result';
import { MediaError } from '../../media-error';

export interface RecordingLimits {
  maxBytes: number;
  maxDurationMs: number;
}

export const DEFAULT_RECORDING_LIMITS: RecordingLimits = { maxBytes: 50 * 1024 * 1024, maxDurationMs: 30 * 60_000 };

export type RecordingFormat = 'mp3' | 'wav' | 'm4a' | 'aac' | 'amr' | 'ogg';

export interface RecordingInfo {
  format: RecordingFormat;
  codec: string;
  durationMs: number;
  size: number;
  sampleRate?: number;
  channels?: number;
}

/** ffprobe's format name → accepted container, and the audio codecs accepted inside it. */
const ACCEPTED: ReadonlyArray<{ formatName: string; format: RecordingFormat; codecs: RegExp }> = [
  { formatName: 'mp3', format: 'mp3', codecs: /^mp3$/ },
  { formatName: 'wav', format: 'wav', codecs: /^pcm_/ },
  { formatName: 'mov,mp4,m4a,3gp,3g2,mj2', format: 'm4a', codecs: /^(aac|amr_nb|amr_wb)$/ },
  { formatName: 'aac', format: 'aac', codecs: /^aac$/ },
  { formatName: 'amr', format: 'amr', codecs: /^amr_(nb|wb)$/ },
  { formatName: 'ogg', format: 'ogg', codecs: /^(opus|vorbis)$/ },
];

const ACCEPTED_LABEL = 'mp3、wav、m4a/aac、amr、ogg/opus';

function notAudio(why: string, detail?: string): MediaError {
  return new MediaError('RECORDING_NOT_AUDIO', `上传的文件不是可用的录音：${why}。请上传 ${ACCEPTED_LABEL} 格式的音频`, false, detail);
}

function minutes(ms: number): string {
  return `${Math.round((ms / 60_000) * 10) / 10} 分钟`;
}

/** Pure decision on an ffprobe result: which accepted recording it is, or why it is refused. */
export function classifyRecording(probe: ProbeResult, size: number, limits: RecordingLimits): RecordingInfo {
  const audio = probe.streams.find((s) => s.codecType === 'audio');
  if (!audio) throw notAudio('文件中没有音频');
  const accepted = ACCEPTED.find((a) => a.formatName === probe.formatName);
  if (!accepted || !accepted.codecs.test(audio.codecName)) {
    throw notAudio(`不支持的格式（${probe.formatName || '未知'}，${audio.codecName || '未知编码'}）`);
  }
  if (!(probe.durationMs > 0)) throw notAudio('录音时长为零');
  if (probe.durationMs > limits.maxDurationMs) {
    throw new MediaError('RECORDING_TOO_LONG', `录音时长 ${minutes(probe.durationMs)}，超过上限 ${minutes(limits.maxDurationMs)}，请剪短后再上传`);
  }
  return {
    format: accepted.format,
    codec: audio.codecName,
    durationMs: probe.durationMs,
    size,
    sampleRate: audio.sampleRate,
    channels: audio.channels,
  };
}

function fileSize(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return mb >= 1 ? `${Math.round(mb * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Checks an uploaded recording before it is stored: size first (no process for oversized files), then ffprobe. */
export async function probeRecording(runner: FfmpegRunner, file: string, limits: RecordingLimits = DEFAULT_RECORDING_LIMITS): Promise<RecordingInfo> {
  const { size } = await stat(file);
  if (size > limits.maxBytes) {
    throw new MediaError('RECORDING_TOO_LARGE', `录音文件 ${fileSize(size)}，超过上限 ${fileSize(limits.maxBytes)}，请压缩或剪短后再上传`);
  }
  if (size === 0) throw notAudio('文件是空的');
  let probe: ProbeResult;
  try {
    probe = await runner.probe(file);
  } catch (err) {
    // ffprobe refusing the file means it is not media at all; a missing ffprobe or a timeout is not the upload's fault.
    const refused = err instanceof MediaError && ((err.code === 'FFMPEG_FAILED' && !err.retryable) || err.code === 'PROBE_FAILED');
    if (!refused) throw err;
    throw notAudio('无法识别文件内容', err.detail);
  }
  return classifyRecording(probe, size, limits);
}
