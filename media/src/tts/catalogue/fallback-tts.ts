import { MediaError } from '../../media-error';
import { normaliseForSpeech } from '../../text';
import { engineNeedsNormalisation, SynthesisRequest, SynthesizedSentence, TtsEngine, VoiceInfo } from '../tts-engine';
import { VoiceCatalogue } from './voice-catalogue';

export interface SynthesisReport {
  sentences: SynthesizedSentence[];
  /** The voice that spoke every sentence: the requested one, or the fallback voice. */
  voiceUsed: string;
  fallback: boolean;
}

/**
 * One engine over the catalogue: routes each request to the engine of its voice and, when an online voice
 * cannot be reached (TTS_UNAVAILABLE) and the request allows it, speaks the whole request with the offline
 * fallback voice instead (never a mix of voices within one rendition).
 */
export class FallbackTts implements TtsEngine {
  readonly id = 'fallback';
  /** Sentences are normalised here for the engines that need it, whichever engine ends up speaking. */
  readonly needsNormalisation = false;

  constructor(
    private readonly catalogue: VoiceCatalogue,
    private readonly fallbackVoiceId: string,
  ) {
    const fallback = catalogue.find(fallbackVoiceId);
    if (!fallback?.offline) throw new RangeError(`fallback voice ${fallbackVoiceId} must be an offline voice of the catalogue`);
  }

  voices(): VoiceInfo[] {
    return this.catalogue.voices();
  }

  async synthesize(req: SynthesisRequest): Promise<SynthesizedSentence[]> {
    return (await this.synthesizeWithReport(req)).sentences;
  }

  async synthesizeWithReport(req: SynthesisRequest): Promise<SynthesisReport> {
    try {
      return { sentences: await this.speak(req.voiceId, req), voiceUsed: req.voiceId, fallback: false };
    } catch (err) {
      const unreachable = err instanceof MediaError && err.code === 'TTS_UNAVAILABLE';
      if (!unreachable || !req.allowFallback || req.voiceId === this.fallbackVoiceId) throw err;
      return { sentences: await this.speak(this.fallbackVoiceId, req), voiceUsed: this.fallbackVoiceId, fallback: true };
    }
  }

  private async speak(voiceId: string, req: SynthesisRequest): Promise<SynthesizedSentence[]> {
    const engine = this.catalogue.engineFor(voiceId);
    // normaliseForSpeech is idempotent, so text the caller already normalised is left as it is.
    const sentences = engineNeedsNormalisation(engine) ? req.sentences.map(normaliseForSpeech) : req.sentences;
    const spoken = await engine.synthesize({ ...req, voiceId, sentences });
    return spoken.map((s, i) => ({ ...s, text: req.sentences[i], voiceId }));
  }
}
