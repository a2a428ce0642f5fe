import { mkdir, mkdtemp, rm } from 'fs/promises';
import { join } from 'path';
import { FfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { ContentStore } from '../store/content-store';
import { SynthesizedSentence } from '../tts/tts-engine';
import { masterSpeech } from './master-speech';
import { renderKey } from './render-key';
import { InterpretationSpeech, NoticeSpeech, ScriptLine, SPEAKER_PAUSES, speechKeyParts, speechScript, speechVoiceLabel } from './speech-script';
import { ChimeCache, planSpeechTimeline, scriptOrEmpty, SentenceTiming, SpeakerTimeline, speakScript, ToneFile, TtsSource, ttsLookup } from './speech-track';

export { CODEC_HEADROOM_DB, SPEECH_PEAK_LIMIT_DB } from './master-speech';
export { SPEAKER_PAUSES } from './speech-script';
export type { SentenceTiming, SpeakerTimeline } from './speech-track';

export interface SpeakerProfile {
  sampleRate: number;
  bitrateKbps: number;
  loudnessLufs: number;
  truePeakDb: number;
}

/** A notice or a policy interpretation, for the `speaker` rendition (mono MP3). */
export type SpeakerRenderInput = (NoticeSpeech | InterpretationSpeech) & { profile: SpeakerProfile };

export interface RenderedAudio {
  renderKey: string;
  sha256: string;
  size: number;
  durationMs: number;
  mime: 'audio/mpeg';
  ext: 'mp3';
  /** The voice, or the voices joined by '+' when questions and answers are read by two. */
  voiceId: string;
  /** The voice(s) that actually spoke: differs from voiceId when the offline voice stood in. */
  voiceUsed: string;
  /** True when an unreachable online voice was replaced by the offline fallback voice. */
  fallback: boolean;
  sentences: SentenceTiming[];
}

export type SpeakerRendererDeps = {
  runner: FfmpegRunner;
  store: ContentStore;
  tmpDir: string;
} & TtsSource;

/** loudnorm's loudness range target, for callers still mastering with loudnorm (generous, so it stays linear). */
export const LOUDNESS_RANGE_LU = 20;

export function renderKeyForSpeaker(input: SpeakerRenderInput): string {
  return renderKey({ rendition: 'speaker', ...speechKeyParts(input) });
}

/** A notice's title and body sentences as read aloud (normalised), e.g. for speech without a chime. */
export function speakerScript(input: { title: string; body: string }): { title: string[]; body: string[] } {
  const lines = speechScript({ kind: 'notice', title: input.title, body: input.body, voiceId: '', rate: 1 });
  const spoken = (role: ScriptLine['role']): string[] => lines.filter((l) => l.role === role).map((l) => l.spoken);
  return { title: spoken('title'), body: spoken('body') };
}

/** Chime, title sentences, then body sentences, with a notice's pauses (speechScript's layout for a notice). */
export function planSpeakerTimeline(chime: ToneFile, title: SynthesizedSentence[], body: SynthesizedSentence[]): SpeakerTimeline {
  const { afterChimeMs, afterTitleMs, betweenSentencesMs } = SPEAKER_PAUSES;
  const lines = [
    ...title.map((s, i) => ({ display: s.text, pauseBeforeMs: i > 0 ? betweenSentencesMs : afterChimeMs })),
    ...body.map((s, i) => ({ display: s.text, pauseBeforeMs: i > 0 ? betweenSentencesMs : title.length > 0 ? afterTitleMs : afterChimeMs })),
  ];
  return planSpeechTimeline(chime, lines, [...title, ...body]);
}

/** Renders the `speaker` rendition (mono MP3 at the profile's loudness) of a notice or an interpretation. */
export class SpeakerRenderer {
  private readonly ttsFor: ReturnType<typeof ttsLookup>;
  private readonly chimes: ChimeCache;

  constructor(private readonly deps: SpeakerRendererDeps) {
    this.ttsFor = ttsLookup(deps);
    this.chimes = new ChimeCache(deps.runner, join(deps.tmpDir, 'tones'));
  }

  async render(input: SpeakerRenderInput, onProgress: (pct: number) => void = () => undefined): Promise<RenderedAudio> {
    const key = renderKeyForSpeaker(input);
    const script = scriptOrEmpty(input, this.ttsFor);
    const { runner, store } = this.deps;
    const { profile } = input;
    onProgress(5);
    await mkdir(this.deps.tmpDir, { recursive: true });
    const workDir = await mkdtemp(join(this.deps.tmpDir, 'render-'));
    try {
      const timeline = await speakScript(script, input.rate, workDir, this.ttsFor, this.chimes, profile.sampleRate, { allowFallback: input.allowFallback });
      onProgress(40);
      const encoding = { codec: 'mp3', sampleRate: profile.sampleRate, bitrateKbps: profile.bitrateKbps } as const;
      const mp3 = await masterSpeech(runner, timeline, profile, encoding, workDir);
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
        voiceId: speechVoiceLabel(input),
        voiceUsed: timeline.voiceUsed,
        fallback: timeline.fallback,
        sentences: timeline.sentences,
      };
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }
}
