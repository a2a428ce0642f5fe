import { Inject, Injectable } from '@nestjs/common';
import type { TtsEngine, VoiceInfo } from '@sunshine/media';
import { TTS_ENGINES } from './media-deps';

/** Which voices exist and which engine speaks each. */
@Injectable()
export class VoiceCatalogue {
  constructor(@Inject(TTS_ENGINES) private readonly engines: TtsEngine[]) {}

  list(): VoiceInfo[] {
    return this.engines.flatMap((e) => e.voices());
  }

  has(voiceId: string): boolean {
    return this.list().some((v) => v.id === voiceId);
  }
}
