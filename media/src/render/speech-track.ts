/**
 * From script lines to a timeline of sound: synthesis (per voice, each with its engine), the cached attention
 * chime, and the layout of chime, pauses and sentences with their exact times.
 */
import { randomBytes } from 'crypto';
import { existsSync } from 'fs';
import { mkdir, readFile, rename } from 'fs/promises';
import { join } from 'path';
import { chimeArgs, ConcatPart } from '../ffmpeg/ffmpeg-args';
import { FfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { MediaError } from '../media-error';
import { engineNeedsNormalisation, SynthesizedSentence, TtsEngine } from '../tts/tts-engine';
import { wavDurationMs } from '../tts/wav-duration';
import { commonSampleRate } from './pcm-join';
import { settleAll } from './settle-all';
import { ScriptLine, SpeechContent, speechScript } from './speech-script';

export interface SentenceTiming {
  text: string;
  startMs: number;
  endMs: number;
}

export interface SpeakerTimeline {
  parts: ConcatPart[];
  sentences: SentenceTiming[];
  durationMs: number;
}

export interface ToneFile {
  file: string;
  durationMs: number;
}

/** Renderers get one engine for every voice, or an engine per voice (e.g. VoiceCatalogue.engineFor). */
export type TtsSource = { tts: TtsEngine } | { ttsFor(voiceId: string): TtsEngine };

export function ttsLookup(source: TtsSource): (voiceId: string) => TtsEngine {
  if ('ttsFor' in source) return (voiceId) => source.ttsFor(voiceId);
  const { tts } = source;
  return () => tts;
}

/** The script of a content, or TEXT_EMPTY (before any process starts) when nothing in it can be read aloud. */
export function scriptOrEmpty(content: SpeechContent, ttsFor: (voiceId: string) => TtsEngine): ScriptLine[] {
  const script = speechScript(content, (voiceId) => engineNeedsNormalisation(ttsFor(voiceId)));
  if (script.length > 0) return script;
  const what = content.kind === 'notice' ? '通知标题和正文' : '政策解读的标题、解读人和问答';
  throw new MediaError('TEXT_EMPTY', `${what}都没有可朗读的文字`);
}

/**
 * Chime, then each line after its pause; the timings come from the exact part lengths and carry the lines'
 * display text.
 */
export function planSpeechTimeline(
  chime: ToneFile,
  lines: ReadonlyArray<Pick<ScriptLine, 'display' | 'pauseBeforeMs'>>,
  spoken: readonly SynthesizedSentence[],
): SpeakerTimeline {
  if (spoken.length !== lines.length) throw new RangeError(`${spoken.length} sentences spoken for ${lines.length} lines`);
  const parts: ConcatPart[] = [{ kind: 'file', path: chime.file }];
  const sentences: SentenceTiming[] = [];
  let at = chime.durationMs;
  lines.forEach((line, i) => {
    parts.push({ kind: 'silence', durationMs: line.pauseBeforeMs }, { kind: 'file', path: spoken[i].file });
    at += line.pauseBeforeMs;
    sentences.push({ text: line.display, startMs: Math.round(at), endMs: Math.round(at + spoken[i].durationMs) });
    at += spoken[i].durationMs;
  });
  return { parts, sentences, durationMs: Math.round(at) };
}

export interface SynthesisOptions {
  /** Passed to every request: an unreachable online voice may be replaced by the offline fallback voice. */
  allowFallback?: boolean;
}

/** Which voices actually spoke a rendition, and whether any of them stood in for an unreachable one. */
export interface VoicesUsed {
  /** The speaking voices in script order, joined by '+'. */
  voiceUsed: string;
  fallback: boolean;
}

/** Reads the voices off the spoken sentences (FallbackTts marks each with the voice that spoke it). */
export function voicesUsed(lines: ReadonlyArray<Pick<ScriptLine, 'voiceId'>>, spoken: readonly SynthesizedSentence[]): VoicesUsed {
  const used = lines.map((line, i) => spoken[i]?.voiceId ?? line.voiceId);
  return { voiceUsed: [...new Set(used)].join('+'), fallback: used.some((voiceId, i) => voiceId !== lines[i].voiceId) };
}

export type SpokenTimeline = SpeakerTimeline & VoicesUsed;

/**
 * One request per voice (each into its own folder of `workDir`, as engines number their files from zero), run
 * side by side; the sentences come back in script order. All requests are awaited even when one fails, so
 * nothing still writes into the work dir when the caller removes it.
 */
export async function synthesizeScript(
  lines: readonly ScriptLine[],
  rate: number,
  workDir: string,
  ttsFor: (voiceId: string) => TtsEngine,
  opts: SynthesisOptions = {},
): Promise<SynthesizedSentence[]> {
  const voices = [...new Set(lines.map((l) => l.voiceId))];
  const perVoice = await settleAll(
    voices.map(async (voiceId, v) => {
      const dir = join(workDir, `voice-${v}`);
      await mkdir(dir);
      const indices = lines.flatMap((l, i) => (l.voiceId === voiceId ? [i] : []));
      const request = { sentences: indices.map((i) => lines[i].spoken), voiceId, rate, workDir: dir };
      const spoken = await ttsFor(voiceId).synthesize(opts.allowFallback ? { ...request, allowFallback: true } : request);
      return indices.map((index, k) => ({ index, sentence: spoken[k] }));
    }),
  );
  const out: SynthesizedSentence[] = new Array(lines.length);
  for (const { index, sentence } of perVoice.flat()) out[index] = sentence;
  return out;
}

/**
 * Synthesises the script and lays it out after the chime. The chime is made at the sentences' own sample rate
 * when they share one, so the whole timeline can be joined without resampling; else at `fallbackRate`.
 */
export async function speakScript(
  script: readonly ScriptLine[],
  rate: number,
  workDir: string,
  ttsFor: (voiceId: string) => TtsEngine,
  chimes: ChimeCache,
  fallbackRate: number,
  opts: SynthesisOptions = {},
): Promise<SpokenTimeline> {
  const spoken = await synthesizeScript(script, rate, workDir, ttsFor, opts);
  const chime = await chimes.get((await commonSampleRate(spoken.map((s) => s.file))) ?? fallbackRate);
  return { ...planSpeechTimeline(chime, script, spoken), ...voicesUsed(script, spoken) };
}

/** The attention chime per sample rate, generated once per cache (not per render) into `dir`. */
export class ChimeCache {
  private readonly chimes = new Map<number, Promise<ToneFile>>();

  constructor(
    private readonly runner: FfmpegRunner,
    private readonly dir: string,
  ) {}

  get(sampleRate: number): Promise<ToneFile> {
    const cached = this.chimes.get(sampleRate);
    // Re-check the file: a temp cleaner may have removed it since.
    if (cached) return cached.then((tone) => (existsSync(tone.file) ? tone : this.generate(sampleRate)));
    return this.generate(sampleRate);
  }

  private generate(sampleRate: number): Promise<ToneFile> {
    const generated = (async (): Promise<ToneFile> => {
      await mkdir(this.dir, { recursive: true });
      const file = join(this.dir, `chime-${sampleRate}.wav`);
      // Written beside and renamed, so a concurrent render never reads half a file.
      const partial = `${file}.${randomBytes(6).toString('hex')}.wav`;
      await this.runner.run(chimeArgs(partial, sampleRate));
      await rename(partial, file);
      return { file, durationMs: wavDurationMs(await readFile(file)) };
    })();
    this.chimes.set(sampleRate, generated);
    generated.catch(() => this.chimes.delete(sampleRate));
    return generated;
  }
}
