import { getProfile } from '@sunshine/devices';
import type { DeviceProfile } from '@sunshine/devices';
import {
  renderKeyForSpeaker,
  renderKeyForVideo,
  SpeakerRenderer,
  SpeakerRenderInput,
  VideoRenderer,
  VideoRenderInput,
} from '@sunshine/media';
import type { RevisionEntity } from '../contents/revision.entity';

/** What any renderer returns, as stored in a rendition row. */
export interface RenderOutput {
  sha256: string;
  size: number;
  durationMs: number;
  mime: string;
  ext: string;
  voiceId: string;
  sentences: Array<{ text: string; startMs: number; endMs: number }>;
}

export interface RenderPlan {
  renderKey: string;
  run(onProgress: (pct: number) => void): Promise<RenderOutput>;
}

/** Chooses the renderer for a device profile and builds its input from a revision. Pure except for `run`. */
export class ProfileRenderers {
  constructor(
    private readonly speaker: SpeakerRenderer,
    private readonly video: VideoRenderer,
    private readonly timezone: string,
  ) {}

  plan(revision: RevisionEntity, profileId: string): RenderPlan {
    const profile = getProfile(profileId);
    if (!profile) throw new Error(`unknown profile ${profileId}`);
    if (profile.kind === 'speaker') {
      const input = speakerInput(revision, profile);
      return { renderKey: renderKeyForSpeaker(input), run: (p) => this.speaker.render(input, p) };
    }
    const input = videoInput(revision, profile, this.timezone);
    return { renderKey: renderKeyForVideo(input), run: async (p) => ({ ...(await this.video.render(input, p)), voiceId: input.voiceId }) };
  }
}

export function speakerInput(revision: RevisionEntity, profile: DeviceProfile): SpeakerRenderInput {
  return {
    kind: 'notice',
    title: revision.title,
    body: revision.body,
    voiceId: revision.voice,
    rate: revision.rate,
    profile: {
      sampleRate: profile.audio.sampleRate,
      bitrateKbps: profile.audio.bitrateKbps,
      loudnessLufs: profile.audio.loudnessLufs,
      truePeakDb: profile.audio.truePeakDb,
    },
  };
}

export function videoInput(revision: RevisionEntity, profile: DeviceProfile, timezone: string): VideoRenderInput {
  return {
    kind: 'notice',
    title: revision.title,
    body: revision.body,
    department: revision.department,
    // The notice's own date: when it takes effect, else when it was written.
    date: displayDate(revision.validFrom ?? revision.createdAt, timezone),
    sourceUrl: revision.sourceUrl ?? undefined,
    voiceId: revision.voice,
    rate: revision.rate,
    profile,
  };
}

/** 2026年11月23日 in the given zone. */
export function displayDate(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(at);
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
  return `${get('year')}年${get('month')}月${get('day')}日`;
}
