/** A recording attached as a language version (uploaded now or kept from the revision being edited). */
export interface AttachedRecording {
  id: string;
  language: string;
  durationMs: number;
}

export interface VariantsValue {
  recordings: AttachedRecording[];
  /** Languages in playback order; may include the synthesised speech's language. */
  order: string[];
}

/** Keeps the playback order in step with the recordings: every recording's language is played, the speech's too. */
export function withRecording(value: VariantsValue, rec: AttachedRecording, speechLanguage: string): VariantsValue {
  const recordings = [...value.recordings.filter((r) => r.language !== rec.language), rec];
  const base = value.order.length ? value.order : [speechLanguage];
  return { recordings, order: base.includes(rec.language) ? base : [...base, rec.language] };
}

/**
 * Drops a language from the playback: a recording's language takes the recording with it; the synthesised
 * speech may be left out of the order only while recordings remain (no recordings, no variants at all).
 */
export function withoutLanguage(value: VariantsValue, language: string): VariantsValue {
  const recordings = value.recordings.filter((r) => r.language !== language);
  if (recordings.length === 0) return { recordings: [], order: [] };
  return { recordings, order: value.order.filter((l) => l !== language) };
}

/** The request body's `variants`, or nothing when no recording is attached. */
export function variantsBody(value: VariantsValue, speechLanguage: string): { recordings: string[]; order: string[] } | undefined {
  if (value.recordings.length === 0) return undefined;
  return { recordings: value.recordings.map((r) => r.id), order: value.order.length ? value.order : [speechLanguage, ...value.recordings.map((r) => r.language)] };
}
