import { ALERT_TONE_DURATION_MS, alertToneArgs, ContentStore, FfmpegRunner, MediaError, parseEbur128Summary, speakerScript, type ConcatPart, type SynthesizedSentence, type TtsEngine, type VoiceInfo } from '@sunshine/media';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { alertEncodeArgs, alertGainDb, alertPrepareArgs } from './alert-audio-args';

/**
 * Alert audio for loudspeakers over weak village links: mono 22.05 kHz MP3 at 32 kbps (a minute of speech is
 * ~240 KB), at the loudspeaker loudness of DESIGN.md §4, a little slower than notices so it is understood first time.
 */
export const ALERT_AUDIO = {
  sampleRate: 22_050,
  bitrateKbps: 32,
  loudnessLufs: -16,
  /** Sample-peak ceiling; MP3 encoding adds a few tenths, so true peaks stay under −1.5 dBTP. */
  peakLimitDb: -2.5,
  speechRate: 0.9,
  leadInMs: 300,
  pauseMs: 400,
} as const;

export interface AlertAudioFile {
  sha256: string;
  size: number;
  durationMs: number;
  ext: 'mp3';
  mime: 'audio/mpeg';
}

export interface AlertAudioDeps {
  runner: FfmpegRunner;
  /** An engine of its own, so an alert never queues behind a notice render. */
  tts: TtsEngine;
  store: ContentStore;
  tmpDir: string;
}

/** A short lead-in, then the sentences with breathing pauses; the length comes from the exact part lengths. */
export function planAlertSpeech(sentences: readonly SynthesizedSentence[]): { parts: ConcatPart[]; durationMs: number } {
  const parts: ConcatPart[] = [{ kind: 'silence', durationMs: ALERT_AUDIO.leadInMs }];
  let durationMs = ALERT_AUDIO.leadInMs;
  sentences.forEach((s, i) => {
    if (i > 0) {
      parts.push({ kind: 'silence', durationMs: ALERT_AUDIO.pauseMs });
      durationMs += ALERT_AUDIO.pauseMs;
    }
    parts.push({ kind: 'file', path: s.file });
    durationMs += s.durationMs;
  });
  return { parts, durationMs: Math.round(durationMs) };
}

/** The alert fast path: speech synthesised and mastered in two short ffmpeg passes; the tone made once per process. */
export class AlertAudio {
  private tone: Promise<AlertAudioFile> | null = null;

  constructor(private readonly deps: AlertAudioDeps) {}

  voices(): VoiceInfo[] {
    return this.deps.tts.voices();
  }

  /** The mastered alert tone (预警提示音), generated on first use and again only if it failed or its stored file vanished. */
  async alertTone(): Promise<AlertAudioFile> {
    this.tone ??= this.makeTone();
    const tone = this.tone;
    const made = await tone.catch(() => null);
    if (made && (await this.deps.store.has(made.sha256, made.ext))) return made;
    // Concurrent callers share one remake.
    if (this.tone === tone) this.tone = this.makeTone();
    return this.tone;
  }

  async speech(text: string, voiceId: string): Promise<AlertAudioFile> {
    const sentences = speakerScript({ title: '', body: text }).body;
    if (sentences.length === 0) throw new MediaError('TEXT_EMPTY', '预警内容没有可朗读的文字');
    return this.inWorkDir(async (dir) => {
      const spoken = await this.deps.tts.synthesize({ sentences, voiceId, rate: ALERT_AUDIO.speechRate, workDir: dir });
      const plan = planAlertSpeech(spoken);
      return this.master(plan.parts, plan.durationMs, true, dir);
    });
  }

  /** Starts the TTS worker and makes the tone, so the first alert pays for neither. */
  async warm(): Promise<void> {
    await this.alertTone();
    await this.inWorkDir((dir) => this.deps.tts.synthesize({ sentences: ['预警'], voiceId: this.voices()[0].id, rate: 1, workDir: dir }));
  }

  async close(): Promise<void> {
    await this.deps.tts.close?.();
  }

  private makeTone(): Promise<AlertAudioFile> {
    return this.inWorkDir(async (dir) => {
      const wav = path.join(dir, 'tone.wav');
      await this.deps.runner.run(alertToneArgs(wav, ALERT_AUDIO.sampleRate));
      return this.master([{ kind: 'file', path: wav }], ALERT_TONE_DURATION_MS, false, dir);
    });
  }

  private async master(parts: ConcatPart[], durationMs: number, shapeSpeech: boolean, dir: string): Promise<AlertAudioFile> {
    const { runner, store } = this.deps;
    const wav = path.join(dir, 'prepared.wav');
    const measured = parseEbur128Summary((await runner.run(alertPrepareArgs(parts, wav, ALERT_AUDIO.sampleRate, { shapeSpeech }))).stderr);
    const mp3 = path.join(dir, 'alert.mp3');
    const gainDb = alertGainDb(measured.integratedLufs, ALERT_AUDIO.loudnessLufs);
    await runner.run(alertEncodeArgs(wav, gainDb, ALERT_AUDIO.peakLimitDb, { sampleRate: ALERT_AUDIO.sampleRate, bitrateKbps: ALERT_AUDIO.bitrateKbps }, mp3));
    const stored = await store.putFile(mp3, 'mp3');
    return { sha256: stored.sha256, size: stored.size, durationMs, ext: 'mp3', mime: 'audio/mpeg' };
  }

  private async inWorkDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
    await mkdir(this.deps.tmpDir, { recursive: true });
    const dir = await mkdtemp(path.join(this.deps.tmpDir, 'alert-'));
    try {
      return await work(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
