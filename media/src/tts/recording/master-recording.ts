import { mkdir, mkdtemp, readFile, rm } from 'fs/promises';
import { join } from 'path';
import { chimeArgs, concatArgs, ConcatPart, LoudnessTarget, loudnormApplyArgs, loudnormMeasureArgs, mp3EncodeArgs } from '../../ffmpeg/ffmpeg-args';
import { FfmpegRunner } from '../../ffmpeg/ffmpeg-runner';
import { parseLoudnormJson } from '../../ffmpeg/loudness-parse';
import { MediaError } from '../../media-error';
import { renderKey } from '../../render/render-key';
import {
  CODEC_HEADROOM_DB,
  LOUDNESS_RANGE_LU,
  RenderedAudio,
  SPEAKER_PAUSES,
  SpeakerProfile,
  SpeakerTimeline,
  SentenceTiming,
  SPEECH_PEAK_LIMIT_DB,
} from '../../render/speaker-renderer';
import { ContentStore, sha256File } from '../../store/content-store';
import { SynthesizedSentence } from '../tts-engine';
import { wavDurationMs } from '../wav-duration';
import { decodeToWavArgs } from './decode-args';

/** The "voice" of a human recording in RenderedAudio.voiceId. */
export const RECORDING_VOICE_ID = 'recording';
/** Pause between two language versions played back to back (e.g. Mandarin, then Yi). */
export const VARIANT_PAUSE_MS = 1000;

/** Most a recording is raised or lowered towards the target; beyond that it is noise or clipping, not speech. */
export const MAX_RECORDING_GAIN_DB = 30;

/**
 * Gain that brings a recording to the profile's loudness before it is joined, so it sits at the level of the
 * speech and chime around it and the final loudnorm pass can stay linear. Silence (−inf) gets none.
 */
export function recordingGainDb(measuredLufs: number, targetLufs: number): number {
  if (!Number.isFinite(measuredLufs)) return 0;
  return Math.min(MAX_RECORDING_GAIN_DB, Math.max(-MAX_RECORDING_GAIN_DB, targetLufs - measuredLufs));
}

/** One language version of a content, not yet mastered: synthesised sentences or an uploaded recording. */
export type RenderedPart =
  | {
      kind: 'speech';
      language: string;
      /** The voice that spoke the sentences. */
      voiceId: string;
      title: SynthesizedSentence[];
      body: SynthesizedSentence[];
      /** True when that voice stood in for an unreachable online one. */
      fallback?: boolean;
    }
  | {
      kind: 'recording';
      language: string;
      /** A file probeRecording accepted. */
      file: string;
      /** Transcript or caption shown while it plays. */
      text?: string;
    };

export interface VariantsInput {
  parts: RenderedPart[];
  /** Languages in playback order; each must have exactly one part (parts of other languages are not played). */
  order: string[];
  profile: SpeakerProfile;
  /** Computed by the caller before synthesis from everything that shaped the parts (see renderKeyForRecording). */
  renderKey: string;
}

export interface MasteringDeps {
  runner: FfmpegRunner;
  store: ContentStore;
  tmpDir: string;
}

export interface RecordingMasterInput {
  file: string;
  profile: SpeakerProfile;
  text?: string;
}

/** A stretch of the timeline: a title and a body, as in a spoken notice (a recording is a body of one). */
export interface TimelineSegment {
  title: SynthesizedSentence[];
  body: SynthesizedSentence[];
}

export function orderVariants(parts: readonly RenderedPart[], order: readonly string[]): RenderedPart[] {
  if (new Set(order).size !== order.length) throw new RangeError(`language listed twice in variant order: ${order.join(',')}`);
  if (order.length === 0) throw new RangeError('variant order is empty');
  return order.map((language) => {
    const matching = parts.filter((p) => p.language === language);
    if (matching.length > 1) throw new RangeError(`more than one part in language ${language}`);
    if (matching.length === 0) throw new MediaError('VARIANT_MISSING', `缺少“${language}”语言版本，无法按设定的顺序播放`);
    return matching[0];
  });
}

/**
 * Chime, then the segments back to back with the pauses of a spoken notice and a longer pause between
 * segments; timings come from the exact part lengths. One speech segment gives planSpeakerTimeline's layout.
 */
export function planVariantTimeline(chime: { file: string; durationMs: number }, segments: readonly TimelineSegment[]): SpeakerTimeline {
  const parts: ConcatPart[] = [{ kind: 'file', path: chime.file }];
  const sentences: SentenceTiming[] = [];
  let at = chime.durationMs;
  const silence = (durationMs: number): void => {
    parts.push({ kind: 'silence', durationMs });
    at += durationMs;
  };
  const speak = (list: readonly SynthesizedSentence[]): void =>
    list.forEach((s, i) => {
      if (i > 0) silence(SPEAKER_PAUSES.betweenSentencesMs);
      parts.push({ kind: 'file', path: s.file });
      sentences.push({ text: s.text, startMs: Math.round(at), endMs: Math.round(at + s.durationMs) });
      at += s.durationMs;
    });
  silence(SPEAKER_PAUSES.afterChimeMs);
  segments.forEach((segment, i) => {
    if (i > 0) silence(VARIANT_PAUSE_MS);
    speak(segment.title);
    if (segment.title.length > 0 && segment.body.length > 0) silence(SPEAKER_PAUSES.afterTitleMs);
    speak(segment.body);
  });
  return { parts, sentences, durationMs: Math.round(at) };
}

export function renderKeyForRecording(input: { recordingSha256: string; profile: SpeakerProfile; text?: string }): string {
  return renderKey({ rendition: 'speaker-recording', recordingSha256: input.recordingSha256, profile: input.profile, text: input.text ?? '' });
}

/** Masters an uploaded recording like TTS output (chime, loudness, mono MP3), stored content-addressed. */
export async function masterRecording(deps: MasteringDeps, input: RecordingMasterInput): Promise<RenderedAudio> {
  const key = renderKeyForRecording({ recordingSha256: await sha256File(input.file), profile: input.profile, text: input.text });
  const only = 'und';
  return renderVariants(deps, {
    parts: [{ kind: 'recording', language: only, file: input.file, text: input.text }],
    order: [only],
    profile: input.profile,
    renderKey: key,
  });
}

/** Plays language versions back to back in the configured order (汉彝双语), mastered once as one speaker file. */
export async function renderVariants(deps: MasteringDeps, input: VariantsInput): Promise<RenderedAudio> {
  const ordered = orderVariants(input.parts, input.order);
  const { runner, store } = deps;
  const { profile } = input;
  await mkdir(deps.tmpDir, { recursive: true });
  const workDir = await mkdtemp(join(deps.tmpDir, 'variants-'));
  try {
    const chimeFile = join(workDir, 'chime.wav');
    await runner.run(chimeArgs(chimeFile, profile.sampleRate));
    const chime = { file: chimeFile, durationMs: wavDurationMs(await readFile(chimeFile)) };
    const segments: TimelineSegment[] = [];
    for (const [i, part] of ordered.entries()) {
      if (part.kind === 'speech') {
        segments.push({ title: part.title, body: part.body });
        continue;
      }
      const wav = join(workDir, `recording-${i}.wav`);
      segments.push({ title: [], body: [await levelRecording(runner, part, profile, wav)] });
    }
    const timeline = planVariantTimeline(chime, segments);
    const mp3 = await masterToMp3(runner, timeline, profile, workDir);
    const stored = await store.putFile(mp3, 'mp3');
    const voiceId = ordered.map((p) => (p.kind === 'speech' ? p.voiceId : RECORDING_VOICE_ID)).join('+');
    return {
      renderKey: input.renderKey,
      sha256: stored.sha256,
      size: stored.size,
      durationMs: timeline.durationMs,
      mime: 'audio/mpeg',
      ext: 'mp3',
      voiceId,
      voiceUsed: voiceId,
      fallback: ordered.some((p) => p.kind === 'speech' && p.fallback === true),
      sentences: timeline.sentences,
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Recordings may be up to half an hour long: their own passes get more time than the runner's default. */
const RECORDING_PASS_TIMEOUT_MS = 10 * 60_000;

/**
 * Measures the recording, then decodes it gained to the profile's loudness and peak-limited like speech.
 * Decoded because compressed formats only estimate their length; the WAV's is exact.
 */
async function levelRecording(
  runner: FfmpegRunner,
  part: Extract<RenderedPart, { kind: 'recording' }>,
  profile: SpeakerProfile,
  wav: string,
): Promise<SynthesizedSentence> {
  const pass = { timeoutMs: RECORDING_PASS_TIMEOUT_MS };
  const measured = parseLoudnormJson((await runner.run(loudnormMeasureArgs(part.file, loudnessTarget(profile)), pass)).stderr);
  const level = { gainDb: recordingGainDb(measured.inputI, profile.loudnessLufs), peakLimitDb: SPEECH_PEAK_LIMIT_DB };
  await runner.run(decodeToWavArgs(part.file, wav, profile.sampleRate, level), pass);
  const { durationMs } = await runner.probe(wav); // reads the header only: the WAV may be long
  return { text: part.text ?? '', file: wav, durationMs };
}

function loudnessTarget(profile: SpeakerProfile): LoudnessTarget {
  return { integratedLufs: profile.loudnessLufs, truePeakDb: profile.truePeakDb - CODEC_HEADROOM_DB, lra: LOUDNESS_RANGE_LU };
}

/** The speaker mastering chain: join with a peak limit, two-pass loudnorm to the profile's target, mono MP3. */
async function masterToMp3(runner: FfmpegRunner, timeline: SpeakerTimeline, profile: SpeakerProfile, workDir: string): Promise<string> {
  // Long recordings: allow real time on top of the usual limit.
  const timeoutMs = 120_000 + timeline.durationMs;
  const joined = join(workDir, 'joined.wav');
  await runner.run(concatArgs(timeline.parts, joined, profile.sampleRate, { peakLimitDb: SPEECH_PEAK_LIMIT_DB }), { timeoutMs });
  const target = loudnessTarget(profile);
  const measured = parseLoudnormJson((await runner.run(loudnormMeasureArgs(joined, target), { timeoutMs })).stderr);
  const mp3 = join(workDir, 'speaker.mp3');
  await runner.run(loudnormApplyArgs(joined, target, measured, mp3EncodeArgs(profile), mp3), { timeoutMs });
  return mp3;
}
