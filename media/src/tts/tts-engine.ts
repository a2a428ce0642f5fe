/** The contract every TTS engine implements (espeak offline, edge online). */

export interface VoiceInfo {
  /** Engine-qualified id, e.g. 'espeak:cmn'. */
  id: string;
  engine: 'espeak' | 'edge' | 'recording';
  /** BCP 47-ish language tag, e.g. 'zh-CN'. */
  language: string;
  /** Regional variety shown to editors, e.g. '四川话'; absent for the standard language. */
  dialect?: string;
  /** Chinese label shown to editors. */
  name: string;
  /** True when the voice works without any network. */
  offline: boolean;
}

export interface SynthesisRequest {
  sentences: string[];
  voiceId: string;
  /** 1.0 normal, 0.8 slower. */
  rate: number;
  /** Existing directory the engine writes its WAV files into; the caller owns and removes it. */
  workDir: string;
  /** When an online voice cannot be reached, an offline voice may speak instead (see FallbackTts). */
  allowFallback?: boolean;
}

export interface SynthesizedSentence {
  text: string;
  /** WAV file inside the request's workDir. */
  file: string;
  /** Exact audio length from the WAV header (may be fractional). */
  durationMs: number;
  /** The voice that actually spoke it, when it may differ from the requested one (set by FallbackTts). */
  voiceId?: string;
}

export interface TtsEngine {
  readonly id: string;
  /**
   * Whether callers must spell numbers out (normaliseForSpeech) before synthesis; true when absent.
   * Neural voices read numbers, dates and amounts well by themselves.
   */
  readonly needsNormalisation?: boolean;
  voices(): VoiceInfo[];
  /** One WAV per sentence, in order, so sentence timings are exact. */
  synthesize(req: SynthesisRequest): Promise<SynthesizedSentence[]>;
  /** Whether the engine can be used right now (network engines); engines without it are always usable. */
  probe?(): Promise<boolean>;
  close?(): Promise<void>;
}

export function engineNeedsNormalisation(engine: Pick<TtsEngine, 'needsNormalisation'>): boolean {
  return engine.needsNormalisation ?? true;
}
