import { getProfile } from '@sunshine/devices';
import type { DeviceProfile } from '@sunshine/devices';
import {
  InterpretationSpeech,
  NoticeSpeech,
  renderKeyForSpeaker,
  renderKeyForSpeakerVariants,
  renderKeyForVideo,
  SpeakerRenderer,
  SpeakerRenderInput,
  SpeakerVariantsInput,
  SpeakerVariantsRenderer,
  VideoRenderer,
  VideoRenderInput,
} from '@sunshine/media';
import type { RevisionEntity, RevisionVariants } from '../contents/revision.entity';

/** What any renderer returns, as stored in a rendition row. */
export interface RenderOutput {
  sha256: string;
  size: number;
  durationMs: number;
  mime: string;
  ext: string;
  voiceId: string;
  /** The voice(s) that actually spoke; differs from voiceId when the offline voice stood in. */
  voiceUsed: string;
  fallback: boolean;
  sentences: Array<{ text: string; startMs: number; endMs: number }>;
}

export interface RenderPlan {
  renderKey: string;
  run(onProgress: (pct: number) => void): Promise<RenderOutput>;
}

/**
 * The revision fields renders are built from. A revision is a policy interpretation (政策解读) when `kind` says
 * so or, without `kind`, when it has question/answer pairs; its voices default to `voice`.
 */
export type RevisionLike = Pick<RevisionEntity, 'title' | 'body' | 'voice' | 'rate' | 'department' | 'validFrom' | 'createdAt' | 'sourceUrl'> & {
  /** Absent on rows written before it existed: allowed, the column's default. */
  allowVoiceFallback?: boolean | null;
  variants?: RevisionVariants | null;
  kind?: 'notice' | 'interpretation';
  qa?: Array<{ q: string; a: string }> | null;
  /** 解读人. */
  interpreter?: string | null;
  questionVoice?: string | null;
  answerVoice?: string | null;
};

export interface Renderers {
  speaker: Pick<SpeakerRenderer, 'render'>;
  video: Pick<VideoRenderer, 'render'>;
  variants: Pick<SpeakerVariantsRenderer, 'render'>;
}

/** Where the media store keeps an uploaded recording. */
export type RecordingFile = (sha256: string, ext: string) => string;

/**
 * Chooses the renderer for a device profile and builds its input from a revision. Pure except for `run`.
 * Language variants are played on loudspeakers only: screens show and read the text.
 */
export class ProfileRenderers {
  constructor(
    private readonly renderers: Renderers,
    private readonly recordingFile: RecordingFile,
    private readonly timezone: string,
  ) {}

  plan(revision: RevisionLike, profileId: string): RenderPlan {
    const profile = getProfile(profileId);
    if (!profile) throw new Error(`unknown profile ${profileId}`);
    if (profile.kind === 'speaker' && revision.variants) {
      const input = variantsInput(revision, revision.variants, profile, this.recordingFile);
      return { renderKey: renderKeyForSpeakerVariants(input), run: (p) => this.renderers.variants.render(input, p) };
    }
    if (profile.kind === 'speaker') {
      const input = speakerInput(revision, profile);
      return { renderKey: renderKeyForSpeaker(input), run: (p) => this.renderers.speaker.render(input, p) };
    }
    const input = videoInput(revision, profile, this.timezone);
    return { renderKey: renderKeyForVideo(input), run: (p) => this.renderers.video.render(input, p) };
  }
}

/** What is spoken: a notice's title and body, or an interpretation's title, interpreter and Q&A. */
export function speechOf(revision: RevisionLike): NoticeSpeech | InterpretationSpeech {
  const interpretation = revision.kind ? revision.kind === 'interpretation' : (revision.qa?.length ?? 0) > 0;
  const allowFallback = revision.allowVoiceFallback ?? true;
  if (!interpretation) return { kind: 'notice', title: revision.title, body: revision.body, voiceId: revision.voice, rate: revision.rate, allowFallback };
  if (!revision.qa?.length) throw new Error('an interpretation revision needs its question/answer pairs');
  return {
    kind: 'interpretation',
    allowFallback,
    title: revision.title,
    interpreter: revision.interpreter ?? '',
    qa: revision.qa.map(({ q, a }) => ({ q, a })),
    questionVoiceId: revision.questionVoice ?? revision.voice,
    answerVoiceId: revision.answerVoice ?? revision.voice,
    rate: revision.rate,
  };
}

export function speakerInput(revision: RevisionLike, profile: DeviceProfile): SpeakerRenderInput {
  return {
    ...speechOf(revision),
    profile: {
      sampleRate: profile.audio.sampleRate,
      bitrateKbps: profile.audio.bitrateKbps,
      loudnessLufs: profile.audio.loudnessLufs,
      truePeakDb: profile.audio.truePeakDb,
    },
  };
}

export function variantsInput(revision: RevisionLike, variants: RevisionVariants, profile: DeviceProfile, recordingFile: RecordingFile): SpeakerVariantsInput {
  return {
    ...speakerInput(revision, profile),
    speechLanguage: variants.speechLanguage,
    recordings: variants.recordings.map((r) => ({ language: r.language, sha256: r.sha256, file: recordingFile(r.sha256, r.ext) })),
    order: [...variants.order],
  };
}

export function videoInput(revision: RevisionLike, profile: DeviceProfile, timezone: string): VideoRenderInput {
  return {
    ...speechOf(revision),
    department: revision.department,
    // The notice's own date: when it takes effect, else when it was written.
    date: displayDate(revision.validFrom ?? revision.createdAt, timezone),
    sourceUrl: revision.sourceUrl ?? undefined,
    profile,
  };
}

/** 2026年11月23日 in the given zone. */
export function displayDate(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(at);
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
  return `${get('year')}年${get('month')}月${get('day')}日`;
}
