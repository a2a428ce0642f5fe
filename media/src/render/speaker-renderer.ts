import { randomBytes } from 'crypto';
import { existsSync } from 'fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'fs/promises';
import { join } from 'path';
import { chimeArgs, concatArgs, ConcatPart, LoudnessTarget, loudnormApplyArgs, loudnormMeasureArgs, mp3EncodeArgs } from '../ffmpeg/ffmpeg-args';
import { FfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { parseLoudnormJson } from '../ffmpeg/loudness-parse';
import { MediaError } from '../media-error';
import { ContentStore } from '../store/content-store';
import { normaliseForSpeech, sanitizeText, splitSentences } from '../text';
import { SynthesizedSentence, TtsEngine } from '../tts/tts-engine';
import { wavDurationMs } from '../tts/wav-duration';
import { renderKey } from './render-key';

export interface SpeakerProfile {
  sampleRate: number;
  bitrateKbps: number;
  loudnessLufs: number;
  truePeakDb: number;
}

export interface SpeakerRenderInput {
  kind: 'notice';
  title: string;
  body: string;
  voiceId: string;
  rate: number;
  profile: SpeakerProfile;
}

export interface SentenceTiming {
  text: string;
  startMs: number;
  endMs: number;
}

export interface RenderedAudio {
  renderKey: string;
  sha256: string;
  size: number;
  durationMs: number;
  mime: 'audio/mpeg';
  ext: 'mp3';
  voiceId: string;
  sentences: SentenceTiming[];
}

export interface SpeakerRendererDeps {
  runner: FfmpegRunner;
  tts: TtsEngine;
  store: ContentStore;
  tmpDir: string;
}

/** Pauses of the spoken layout: chime, title, body sentences. */
export const SPEAKER_PAUSES = { afterChimeMs: 500, afterTitleMs: 800, betweenSentencesMs: 350 } as const;

/**
 * loudnorm applies a plain (linear) gain only when the measured range fits the target range and the gained
 * true peak stays under the ceiling; otherwise it falls back to dynamic gain riding, which misses the target
 * by up to ~0.5 LU on short notices. Synthetic speech peaks ~19 dB above its loudness, so it is limited to
 * −9 dBFS first (a light, broadcast-usual compression that also helps intelligibility on horn speakers).
 */
export const LOUDNESS_RANGE_LU = 20;
export const SPEECH_PEAK_LIMIT_DB = -9;
/** MP3 encoding raises true peaks by a few tenths of a dB, so the ceiling given to loudnorm is lower. */
export const CODEC_HEADROOM_DB = 1;

export function renderKeyForSpeaker(input: SpeakerRenderInput): string {
  const { kind, title, body, voiceId, rate, profile } = input;
  return renderKey({ rendition: 'speaker', kind, title, body, voiceId, rate, profile });
}

/** The sentences to speak, title and body apart: sanitised, normalised for reading aloud, split. */
export function speakerScript(input: Pick<SpeakerRenderInput, 'title' | 'body'>): { title: string[]; body: string[] } {
  const prepare = (text: string): string[] => splitSentences(normaliseForSpeech(sanitizeText(text)));
  return { title: prepare(input.title), body: prepare(input.body) };
}

export interface SpeakerTimeline {
  parts: ConcatPart[];
  sentences: SentenceTiming[];
  durationMs: number;
}

/** Lays out chime, pauses and sentences in order; the timings come from the exact part lengths. */
export function planSpeakerTimeline(
  chime: { file: string; durationMs: number },
  title: SynthesizedSentence[],
  body: SynthesizedSentence[],
): SpeakerTimeline {
  const parts: ConcatPart[] = [];
  const sentences: SentenceTiming[] = [];
  let at = 0;
  const silence = (durationMs: number): void => {
    parts.push({ kind: 'silence', durationMs });
    at += durationMs;
  };
  const speak = (s: SynthesizedSentence): void => {
    parts.push({ kind: 'file', path: s.file });
    sentences.push({ text: s.text, startMs: Math.round(at), endMs: Math.round(at + s.durationMs) });
    at += s.durationMs;
  };
  parts.push({ kind: 'file', path: chime.file });
  at += chime.durationMs;
  silence(SPEAKER_PAUSES.afterChimeMs);
  title.forEach((s, i) => {
    if (i > 0) silence(SPEAKER_PAUSES.betweenSentencesMs);
    speak(s);
  });
  if (title.length > 0 && body.length > 0) silence(SPEAKER_PAUSES.afterTitleMs);
  body.forEach((s, i) => {
    if (i > 0) silence(SPEAKER_PAUSES.betweenSentencesMs);
    speak(s);
  });
  return { parts, sentences, durationMs: Math.round(at) };
}

interface ToneFile {
  file: string;
  durationMs: number;
}

/** Renders the `speaker` rendition (mono MP3 at the profile's loudness) of a notice. */
export class SpeakerRenderer {
  /** Generated once per renderer and sample rate, not per render. */
  private readonly chimes = new Map<number, Promise<ToneFile>>();

  constructor(private readonly deps: SpeakerRendererDeps) {}

  async render(input: SpeakerRenderInput, onProgress: (pct: number) => void = () => undefined): Promise<RenderedAudio> {
    const key = renderKeyForSpeaker(input);
    const script = speakerScript(input);
    if (script.title.length + script.body.length === 0) {
      throw new MediaError('TEXT_EMPTY', '通知标题和正文都没有可朗读的文字');
    }
    const { runner, tts, store } = this.deps;
    const profile = input.profile;
    const chime = await this.chime(profile.sampleRate);
    onProgress(5);
    await mkdir(this.deps.tmpDir, { recursive: true });
    const workDir = await mkdtemp(join(this.deps.tmpDir, 'render-'));
    try {
      const spoken = await tts.synthesize({
        sentences: [...script.title, ...script.body],
        voiceId: input.voiceId,
        rate: input.rate,
        workDir,
      });
      onProgress(40);
      const timeline = planSpeakerTimeline(chime, spoken.slice(0, script.title.length), spoken.slice(script.title.length));
      const joined = join(workDir, 'joined.wav');
      await runner.run(concatArgs(timeline.parts, joined, profile.sampleRate, { peakLimitDb: SPEECH_PEAK_LIMIT_DB }));
      onProgress(55);
      const target: LoudnessTarget = {
        integratedLufs: profile.loudnessLufs,
        truePeakDb: profile.truePeakDb - CODEC_HEADROOM_DB,
        lra: LOUDNESS_RANGE_LU,
      };
      const measured = parseLoudnormJson((await runner.run(loudnormMeasureArgs(joined, target))).stderr);
      onProgress(70);
      const mp3 = join(workDir, 'speaker.mp3');
      await runner.run(loudnormApplyArgs(joined, target, measured, mp3EncodeArgs(profile), mp3));
      onProgress(90);
      const stored = await store.putFile(mp3, 'mp3');
      onProgress(100);
      return {
        renderKey: key,
        sha256: stored.sha256,
        size: stored.size,
        durationMs: timeline.durationMs,
        mime: 'audio/mpeg',
        ext: 'mp3',
        voiceId: input.voiceId,
        sentences: timeline.sentences,
      };
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  private chime(sampleRate: number): Promise<ToneFile> {
    const cached = this.chimes.get(sampleRate);
    // Re-check the file: a temp cleaner may have removed it since.
    if (cached) {
      return cached.then((tone) => (existsSync(tone.file) ? tone : this.generateChime(sampleRate)));
    }
    return this.generateChime(sampleRate);
  }

  private generateChime(sampleRate: number): Promise<ToneFile> {
    const generated = (async (): Promise<ToneFile> => {
      const dir = join(this.deps.tmpDir, 'tones');
      await mkdir(dir, { recursive: true });
      const file = join(dir, `chime-${sampleRate}.wav`);
      // Written beside and renamed, so a concurrent render never reads half a file.
      const partial = `${file}.${randomBytes(6).toString('hex')}.wav`;
      await this.deps.runner.run(chimeArgs(partial, sampleRate));
      await rename(partial, file);
      return { file, durationMs: wavDurationMs(await readFile(file)) };
    })();
    this.chimes.set(sampleRate, generated);
    generated.catch(() => this.chimes.delete(sampleRate));
    return generated;
  }
}
