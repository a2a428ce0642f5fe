import { speechScript } from '@sunshine/media';

export interface SpokenSentence {
  source: string;
  spoken: string;
}

export interface SpeechReading {
  reading: string;
  sentences: SpokenSentence[];
}

/**
 * How a text will be read: the renderer's own script builder (sanitise → split → normalise), applied to the
 * text as a notice body, so the editor sees exactly what the voice receives, sentence by sentence.
 */
export function speechReading(text: string, rate = 1): SpeechReading {
  // The voice id only matters for engines that do their own normalisation; the offline voice needs ours.
  const lines = speechScript({ kind: 'notice', title: '', body: text, voiceId: 'espeak:cmn', rate });
  const sentences = lines.map((l) => ({ source: l.display, spoken: l.spoken }));
  return { reading: sentences.map((s) => s.spoken).join(''), sentences };
}
