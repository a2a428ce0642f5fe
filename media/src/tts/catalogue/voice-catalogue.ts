import { MediaError } from '../../media-error';
import { TtsEngine, VoiceInfo } from '../tts-engine';

export type CatalogueVoice = VoiceInfo & { available: boolean };

/** Every voice of the configured engines, which engine speaks it, and whether it can be used right now. */
export class VoiceCatalogue {
  private readonly byVoice = new Map<string, { voice: VoiceInfo; engine: TtsEngine }>();

  constructor(private readonly engines: readonly TtsEngine[]) {
    for (const engine of engines) {
      for (const voice of engine.voices()) {
        if (this.byVoice.has(voice.id)) throw new RangeError(`voice ${voice.id} is offered by two engines`);
        this.byVoice.set(voice.id, { voice, engine });
      }
    }
  }

  voices(): VoiceInfo[] {
    return [...this.byVoice.values()].map((entry) => entry.voice);
  }

  find(voiceId: string): VoiceInfo | undefined {
    return this.byVoice.get(voiceId)?.voice;
  }

  engineFor(voiceId: string): TtsEngine {
    const entry = this.byVoice.get(voiceId);
    if (!entry) throw new MediaError('TTS_UNKNOWN_VOICE', `没有这个音色：${voiceId}`);
    return entry.engine;
  }

  /** Engines are probed once each, in parallel; an engine without a probe (offline) is always available. */
  async list(): Promise<CatalogueVoice[]> {
    const availability = new Map(
      await Promise.all(
        this.engines.map(async (engine) => [engine, engine.probe ? await engine.probe().catch(() => false) : true] as const),
      ),
    );
    return this.voices().map((voice) => ({ ...voice, available: availability.get(this.engineFor(voice.id)) ?? false }));
  }
}
