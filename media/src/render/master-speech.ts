/**
 * Mastering of a spoken timeline in two ffmpeg passes: (1) join, resample to the output rate, peak-limit and
 * measure (EBU R128 loudness and sample peak) while writing the joined WAV; (2) one linear gain to the target
 * loudness, a limiter only when the gained peaks would pass the ceiling, and the encode. Parts sharing one PCM
 * format are joined beforehand without ffmpeg. MP3 is encoded in parts side by side (LAME uses one core) and the
 * parts joined frame by frame, cut in pauses so the timeline stays sample-exact.
 */
import { join } from 'path';
import {
  ConcatPart,
  concatArgs,
  GainStage,
  gainArgs,
  MP3_BARE,
  MP3_FAST,
  mp3EncodeArgs,
  mp3JoinArgs,
  SampleRange,
} from '../ffmpeg/ffmpeg-args';
import { FfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { parseEbur128Summary } from '../ffmpeg/loudness-parse';
import { joinPcmWavs } from './pcm-join';
import { settleAll } from './settle-all';
import { AacSettings, aacEncodeArgs } from './video/video-args';

/**
 * Synthetic speech peaks ~19 dB above its loudness, so the joined speech is limited to −9 dBFS first (a light,
 * broadcast-usual compression that also helps intelligibility on horn speakers): the gain that brings it to
 * the target then keeps its peaks under the ceiling, and the measured loudness holds.
 */
export const SPEECH_PEAK_LIMIT_DB = -9;
/** Encoding raises true peaks by a few tenths of a dB, so the ceiling before the encoder is lower. */
export const CODEC_HEADROOM_DB = 1;
/** Peaks between samples of speech (band-limited well below Nyquist) stay this close to the sample peaks. */
export const INTER_SAMPLE_MARGIN_DB = 0.5;
/** Most a timeline is raised or lowered; beyond that it is near-silence or noise, not speech. */
export const MAX_SPEECH_GAIN_DB = 30;

export interface LoudnessSpec {
  /** EBU R128 integrated loudness target, LUFS. */
  loudnessLufs: number;
  /** Maximum true peak of the encoded file, dBTP. */
  truePeakDb: number;
}

export interface SpeechLevel {
  integratedLufs: number;
  samplePeakDb: number;
}

/** The gain to the target, and the limiter only when the gained sample peaks would pass the ceiling. */
export function speechGain(level: SpeechLevel, target: LoudnessSpec): GainStage {
  const wanted = target.loudnessLufs - level.integratedLufs;
  const gainDb = Number.isFinite(wanted) ? Math.min(MAX_SPEECH_GAIN_DB, Math.max(-MAX_SPEECH_GAIN_DB, wanted)) : 0;
  const ceilingDb = target.truePeakDb - CODEC_HEADROOM_DB - INTER_SAMPLE_MARGIN_DB;
  return level.samplePeakDb + gainDb > ceilingDb ? { gainDb, limitDb: ceilingDb } : { gainDb };
}

/** LAME frame length and encoder delay (samples). */
const MP3_FRAME = 1152;
const LAME_DELAY = 576;
/**
 * LAME pads a stream so that delay + samples + padding is whole frames with at least 576 samples of padding. A
 * part that ends 576 samples short of a frame boundary therefore gets exactly one frame of padding, and in the
 * joined stream the next part's audio follows 576 + 1152 samples later than it would have in one stream: that
 * much of the pause at each cut is left out, so every sentence keeps its planned time.
 */
export const MP3_JOIN_GAP_SAMPLES = LAME_DELAY + MP3_FRAME;
/**
 * One part per this much audio, at most MP3_MAX_PARTS: decided by the timeline alone, so the file does not
 * depend on the machine that rendered it. Below two parts' worth, one stream is cheaper than a join.
 */
export const MP3_PART_MS = 25_000;
export const MP3_MAX_PARTS = 4;

/**
 * Where the MP3 parts of a timeline start and end (in samples of the joined WAV): cut in the middle of the
 * pauses between sentences nearest to equal shares, dropping MP3_JOIN_GAP_SAMPLES of pause at each cut.
 * A pause must be long enough to hold the cut with a frame of margin on both sides.
 */
export function planMp3Parts(sentences: ReadonlyArray<{ startMs: number; endMs: number }>, durationMs: number, sampleRate: number): SampleRange[] {
  const wanted = Math.min(MP3_MAX_PARTS, Math.max(1, Math.floor(durationMs / MP3_PART_MS)));
  const toSample = (ms: number): number => (ms * sampleRate) / 1000;
  const minPause = 2 * MP3_FRAME + MP3_JOIN_GAP_SAMPLES + 2 * MP3_FRAME;
  const pauses = sentences
    .slice(1)
    .map((s, i) => ({ start: toSample(sentences[i].endMs), end: toSample(s.startMs) }))
    .filter((p) => p.end - p.start >= minPause);
  const cuts: number[] = [];
  let from = 0;
  for (let k = 1; k < wanted; k++) {
    const ideal = toSample((k * durationMs) / wanted);
    const candidates = pauses.slice(from);
    if (candidates.length === 0) break;
    const best = candidates.reduce((a, b) => (Math.abs((b.start + b.end) / 2 - ideal) < Math.abs((a.start + a.end) / 2 - ideal) ? b : a));
    from = pauses.indexOf(best) + 1;
    // The dropped stretch sits in the middle of the pause; the part before it ends 576 samples short of a frame.
    const dropStart = (best.start + best.end - MP3_JOIN_GAP_SAMPLES) / 2;
    cuts.push(Math.round((dropStart + LAME_DELAY) / MP3_FRAME) * MP3_FRAME - LAME_DELAY);
  }
  return [0, ...cuts.map((c) => c + MP3_JOIN_GAP_SAMPLES)].map((startSample, i) =>
    i < cuts.length ? { startSample, endSample: cuts[i] } : { startSample },
  );
}

export type SpeechEncoding =
  | { codec: 'mp3'; sampleRate: number; bitrateKbps: number }
  | ({ codec: 'aac' } & AacSettings);

export interface SpeechTimeline {
  parts: ConcatPart[];
  sentences: ReadonlyArray<{ startMs: number; endMs: number }>;
  durationMs: number;
}

/** Runs both passes in `workDir` (which must exist); returns the encoded file, named `speech.mp3` or `speech.m4a`. */
export async function masterSpeech(
  runner: FfmpegRunner,
  timeline: SpeechTimeline,
  target: LoudnessSpec,
  encoding: SpeechEncoding,
  workDir: string,
): Promise<string> {
  const source = join(workDir, 'speech-source.wav');
  const sources: ConcatPart[] = (await joinPcmWavs(timeline.parts, source)) ? [{ kind: 'file', path: source }] : timeline.parts;
  const joined = join(workDir, 'joined.wav');
  const prepare = concatArgs(sources, joined, encoding.sampleRate, { peakLimitDb: SPEECH_PEAK_LIMIT_DB, measure: true });
  const summary = parseEbur128Summary((await runner.run(prepare)).stderr);
  // Measured with peak=sample, so the summary's peak is the sample peak.
  const stage = speechGain({ integratedLufs: summary.integratedLufs, samplePeakDb: summary.truePeakDb }, target);
  if (encoding.codec === 'aac') {
    const out = join(workDir, 'speech.m4a');
    await runner.run(gainArgs(joined, stage, aacEncodeArgs(encoding), out));
    return out;
  }
  const out = join(workDir, 'speech.mp3');
  const mp3 = [...mp3EncodeArgs(encoding), ...MP3_FAST];
  const ranges = planMp3Parts(timeline.sentences, timeline.durationMs, encoding.sampleRate);
  if (ranges.length === 1) {
    await runner.run(gainArgs(joined, stage, mp3, out));
    return out;
  }
  // The first part keeps its header (it carries the encoder delay into the joined file's header).
  const names = ranges.map((_, i) => `part-${i}.mp3`);
  await settleAll(ranges.map((range, i) => runner.run(gainArgs(joined, stage, i === 0 ? mp3 : [...mp3, ...MP3_BARE], join(workDir, names[i]), range))));
  await runner.run(mp3JoinArgs(names, out), { cwd: workDir });
  return out;
}
