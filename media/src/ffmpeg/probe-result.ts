import { MediaError } from '../media-error';

export interface ProbeStream {
  index: number;
  codecType: string;
  codecName: string;
  sampleRate?: number;
  channels?: number;
  width?: number;
  height?: number;
}

export interface ProbeResult {
  formatName: string;
  durationMs: number;
  bitRate?: number;
  streams: ProbeStream[];
}

interface RawStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  sample_rate?: string;
  channels?: number;
  width?: number;
  height?: number;
}

interface RawProbe {
  format?: { format_name?: string; duration?: string; bit_rate?: string };
  streams?: RawStream[];
}

function optionalNumber(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Parses `ffprobe -print_format json -show_format -show_streams` output (ffprobe prints numbers as strings). */
export function parseProbeJson(stdout: string): ProbeResult {
  let raw: RawProbe;
  try {
    raw = JSON.parse(stdout) as RawProbe;
  } catch {
    throw new MediaError('PROBE_FAILED', '无法读取媒体文件信息（ffprobe 输出无法解析）', false, stdout.slice(0, 2048));
  }
  if (!raw.format) throw new MediaError('PROBE_FAILED', '无法读取媒体文件信息（缺少格式信息）');
  return {
    formatName: raw.format.format_name ?? '',
    durationMs: Math.round((optionalNumber(raw.format.duration) ?? 0) * 1000),
    bitRate: optionalNumber(raw.format.bit_rate),
    streams: (raw.streams ?? []).map((s, i) => ({
      index: s.index ?? i,
      codecType: s.codec_type ?? '',
      codecName: s.codec_name ?? '',
      sampleRate: optionalNumber(s.sample_rate),
      channels: s.channels,
      width: s.width,
      height: s.height,
    })),
  };
}
