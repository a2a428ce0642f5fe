/** The contract every TTS engine implements (espeak now; edge and recording engines later). */

export interface VoiceInfo {
  /** Engine-qualified id, e.g. 'espeak:cmn'. */
  id: string;
  engine: 'espeak' | 'edge' | 'recording';
  /** BCP 47-ish language tag, e.g. 'zh-CN'. */
  language: string;
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
}

export interface SynthesizedSentence {
  text: string;
  /** WAV file inside the request's workDir. */
  file: string;
  /** Exact audio length from the WAV header (may be fractional). */
  durationMs: number;
}

export interface TtsEngine {
  readonly id: string;
  voices(): VoiceInfo[];
  /** One WAV per sentence, in order, so sentence timings are exact. */
  synthesize(req: SynthesisRequest): Promise<SynthesizedSentence[]>;
  close?(): Promise<void>;
}
