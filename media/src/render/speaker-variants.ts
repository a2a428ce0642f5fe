/**
 * The `speaker` rendition of a content with language versions (汉彝双语): the content read by its voice in one
 * language, and uploaded recordings in others, played back to back in the configured order.
 */
import { mkdir, mkdtemp, rm } from 'fs/promises';
import { join } from 'path';
import { FfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { ContentStore } from '../store/content-store';
import { RECORDING_VOICE_ID, RenderedPart, renderVariants } from '../tts/recording/master-recording';
import { SynthesizedSentence } from '../tts/tts-engine';
import { renderKey } from './render-key';
import { RenderedAudio, SpeakerRenderInput } from './speaker-renderer';
import { ScriptLine, speechKeyParts, speechVoiceLabel } from './speech-script';
import { scriptOrEmpty, synthesizeScript, TtsSource, ttsLookup, voicesUsed } from './speech-track';

export interface VariantRecording {
  /** BCP 47 tag of the spoken language, e.g. 'ii' (彝语). */
  language: string;
  /** A file probeRecording accepted. */
  file: string;
  /** Identifies the recording's bytes in the render key. */
  sha256: string;
}

export type SpeakerVariantsInput = SpeakerRenderInput & {
  /** Language of the synthesised version (the voice's language). */
  speechLanguage: string;
  recordings: VariantRecording[];
  /** Languages in playback order; each must be the speech language or one recording's. */
  order: string[];
};

export type SpeakerVariantsDeps = { runner: FfmpegRunner; store: ContentStore; tmpDir: string } & TtsSource;

export function renderKeyForSpeakerVariants(input: SpeakerVariantsInput): string {
  const { recordings, ...rest } = speechKeyParts(input);
  // The file path is where the bytes happen to be; the hash is what they are.
  return renderKey({ rendition: 'speaker-variants', ...rest, recordings: recordings.map(({ language, sha256 }) => ({ language, sha256 })) });
}

/**
 * A script's sentences as one variant part: title lines as its title, everything else as its body (an
 * interpretation's questions and answers then keep the body's sentence pauses). Sentences carry display text.
 */
export function speechPart(
  language: string,
  script: readonly ScriptLine[],
  spoken: readonly SynthesizedSentence[],
): Extract<RenderedPart, { kind: 'speech' }> {
  const shown = spoken.map((s, i) => ({ ...s, text: script[i].display }));
  const used = voicesUsed(script, spoken);
  return {
    kind: 'speech',
    language,
    voiceId: used.voiceUsed,
    fallback: used.fallback,
    title: shown.filter((_, i) => script[i].role === 'title'),
    body: shown.filter((_, i) => script[i].role !== 'title'),
  };
}

export class SpeakerVariantsRenderer {
  private readonly ttsFor: ReturnType<typeof ttsLookup>;

  constructor(private readonly deps: SpeakerVariantsDeps) {
    this.ttsFor = ttsLookup(deps);
  }

  async render(input: SpeakerVariantsInput, onProgress: (pct: number) => void = () => undefined): Promise<RenderedAudio> {
    const key = renderKeyForSpeakerVariants(input);
    const parts: RenderedPart[] = input.recordings.map((r) => ({ kind: 'recording', language: r.language, file: r.file }));
    const spoken = input.order.includes(input.speechLanguage);
    // Checked before any synthesis, as a plain render would.
    const script = spoken ? scriptOrEmpty(input, this.ttsFor) : [];
    onProgress(5);
    await mkdir(this.deps.tmpDir, { recursive: true });
    const workDir = await mkdtemp(join(this.deps.tmpDir, 'speech-'));
    try {
      if (spoken) {
        const sentences = await synthesizeScript(script, input.rate, workDir, this.ttsFor, { allowFallback: input.allowFallback });
        parts.push(speechPart(input.speechLanguage, script, sentences));
      }
      onProgress(40);
      const audio = await renderVariants(this.deps, { parts, order: input.order, profile: input.profile, renderKey: key });
      onProgress(100);
      // voiceId names what was asked for; voiceUsed what spoke (see RenderedAudio).
      const asked = input.order.map((language) => (language === input.speechLanguage ? speechVoiceLabel(input) : RECORDING_VOICE_ID)).join('+');
      return { ...audio, voiceId: asked };
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }
}
