import { MediaError } from '../media-error';
import { LoudnormMeasurement } from './ffmpeg-args';

export interface LoudnormReport extends LoudnormMeasurement {
  outputI: number;
  outputTp: number;
  normalizationType: string;
}

export interface Ebur128Summary {
  integratedLufs: number;
  lraLu: number;
  truePeakDb: number;
}

const NUMBER = '(-?(?:\\d+(?:\\.\\d+)?|inf))';

/** ffmpeg prints silence as "-inf". */
function toNumber(text: string | undefined): number {
  if (text === undefined) return Number.NaN;
  const t = text.trim();
  if (t === '-inf') return -Infinity;
  if (t === 'inf') return Infinity;
  return t === '' ? Number.NaN : Number(t);
}

function parseFailed(what: string, stderr: string): MediaError {
  return new MediaError('LOUDNESS_PARSE_FAILED', `无法读取响度测量结果（${what}）`, false, stderr.slice(-2048));
}

/** Reads the JSON block that `loudnorm=…:print_format=json` prints at the end of stderr. */
export function parseLoudnormJson(stderr: string): LoudnormReport {
  const blocks = stderr.match(/\{\s*"input_i"[\s\S]*?\}/g);
  if (!blocks) throw parseFailed('loudnorm 未输出 JSON', stderr);
  let raw: Record<string, string>;
  try {
    raw = JSON.parse(blocks[blocks.length - 1]) as Record<string, string>;
  } catch {
    throw parseFailed('loudnorm JSON 格式错误', stderr);
  }
  const report: LoudnormReport = {
    inputI: toNumber(raw.input_i),
    inputTp: toNumber(raw.input_tp),
    inputLra: toNumber(raw.input_lra),
    inputThresh: toNumber(raw.input_thresh),
    targetOffset: toNumber(raw.target_offset),
    outputI: toNumber(raw.output_i),
    outputTp: toNumber(raw.output_tp),
    normalizationType: raw.normalization_type ?? '',
  };
  const missing = Object.entries(report).find(([, v]) => typeof v === 'number' && Number.isNaN(v));
  if (missing) throw parseFailed(`loudnorm 缺少字段 ${missing[0]}`, stderr);
  return report;
}

/** Reads the "Summary:" section that the ebur128 filter prints when the stream ends. */
export function parseEbur128Summary(stderr: string): Ebur128Summary {
  const at = stderr.lastIndexOf('Summary:');
  if (at < 0) throw parseFailed('ebur128 未输出汇总', stderr);
  const summary = stderr.slice(at);
  const pick = (label: string, unit: string): number => {
    const m = new RegExp(`${label}:\\s+${NUMBER}\\s+${unit}\\b`).exec(summary);
    if (!m) throw parseFailed(`ebur128 汇总缺少 ${label}`, stderr);
    return toNumber(m[1]);
  };
  return { integratedLufs: pick('I', 'LUFS'), lraLu: pick('LRA', 'LU'), truePeakDb: pick('Peak', 'dBFS') };
}
