import { Inject, Injectable } from '@nestjs/common';
import type { CatalogueVoice, VoiceCatalogue as EngineCatalogue, VoiceInfo } from '@sunshine/media';
import { ENGINE_CATALOGUE } from './media-deps';

/**
 * Longest a voice list waits for the engines' probes. A probe that takes longer (a network that drops packets
 * instead of refusing) keeps running; its answer, cached by the engine, shows on a later list.
 */
export const PROBE_WAIT_MS = 1_500;

/** Which voices exist, which engine speaks each, and whether each can be used right now. */
@Injectable()
export class VoiceCatalogue {
  constructor(@Inject(ENGINE_CATALOGUE) private readonly catalogue: EngineCatalogue) {}

  /** Every voice with its availability; engines cache their probe answers (edge: a minute), so this is fast. */
  async list(waitMs = PROBE_WAIT_MS): Promise<CatalogueVoice[]> {
    let timer: NodeJS.Timeout | undefined;
    // Still probing: offline voices are usable, online ones are not known to be.
    const unknown = new Promise<CatalogueVoice[]>((resolve) => {
      timer = setTimeout(() => resolve(this.catalogue.voices().map((v) => ({ ...v, available: v.offline }))), waitMs);
    });
    try {
      return await Promise.race([this.catalogue.list(), unknown]);
    } finally {
      clearTimeout(timer);
    }
  }

  find(voiceId: string): VoiceInfo | undefined {
    return this.catalogue.find(voiceId);
  }

  has(voiceId: string): boolean {
    return this.catalogue.find(voiceId) !== undefined;
  }
}
