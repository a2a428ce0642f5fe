import { getProfile } from '@sunshine/devices';
import type { RevisionEntity } from '../contents/revision.entity';
import { displayDate, ProfileRenderers, Renderers, RenderOutput, speakerInput, speechOf, videoInput } from './profile-renderers';

const revision = {
  id: 'r1', title: '停水通知', body: '明天停水。', department: '栖凤区水务局', voice: 'espeak:cmn', rate: 0.9,
  validFrom: null, createdAt: new Date('2026-11-23T17:30:00Z'), sourceUrl: null,
} as unknown as RevisionEntity;

describe('profile renderers', () => {
  it('should format the date in Asia/Shanghai when the instant is after 16:00 UTC', () => {
    expect(displayDate(new Date('2026-11-23T17:30:00Z'), 'Asia/Shanghai')).toBe('2026年11月24日');
  });
  it('should carry loudness and bitrate of the speaker profile into the speaker input', () => {
    const input = speakerInput(revision, getProfile('speaker')!);
    expect(input.profile).toEqual({ sampleRate: 44100, bitrateKbps: 64, loudnessLufs: -16, truePeakDb: -1.5 });
    expect(input.rate).toBe(0.9);
  });
  it('should use validFrom for the displayed date when the notice has one', () => {
    const input = videoInput({ ...revision, validFrom: new Date('2026-12-01T02:00:00Z') } as RevisionEntity, getProfile('hall-tv-1080p')!, 'Asia/Shanghai');
    expect(input.date).toBe('2026年12月1日');
    expect(input.sourceUrl).toBeUndefined();
  });

  it('should pass the rate and the fallback permission of the revision to the speech when it sets them', () => {
    expect(speechOf({ ...revision, rate: 0.8, allowVoiceFallback: false } as RevisionEntity)).toMatchObject({ rate: 0.8, allowFallback: false });
    // Rows written before the setting existed keep the column's default.
    expect(speechOf(revision)).toMatchObject({ allowFallback: true });
  });
});

describe('ProfileRenderers.plan', () => {
  const output: RenderOutput = { sha256: 's', size: 1, durationMs: 1, mime: 'audio/mpeg', ext: 'mp3', voiceId: 'v', voiceUsed: 'v', fallback: false, sentences: [] };
  const variants = {
    speechLanguage: 'zh-CN',
    recordings: [{ id: 'rec-1', language: 'ii', sha256: 'c'.repeat(64), ext: 'wav', durationMs: 4000 }],
    order: ['zh-CN', 'ii'],
  };

  function renderers(): { fakes: Renderers; calls: Array<[string, unknown]> } {
    const calls: Array<[string, unknown]> = [];
    const fake = (name: string) => ({ render: (input: unknown) => (calls.push([name, input]), Promise.resolve(output)) }) as never;
    return { fakes: { speaker: fake('speaker'), video: fake('video'), variants: fake('variants') }, calls };
  }

  it('should render the speaker version of a revision with variants with the recordings from the store in their order', async () => {
    const { fakes, calls } = renderers();
    const plans = new ProfileRenderers(fakes, (sha, ext) => `/store/${sha.slice(0, 2)}/${sha}.${ext}`, 'Asia/Shanghai');
    const plan = plans.plan({ ...revision, variants } as RevisionEntity, 'speaker');
    await plan.run(() => undefined);
    expect(calls).toEqual([
      [
        'variants',
        expect.objectContaining({
          speechLanguage: 'zh-CN',
          order: ['zh-CN', 'ii'],
          recordings: [{ language: 'ii', sha256: 'c'.repeat(64), file: `/store/cc/${'c'.repeat(64)}.wav` }],
          rate: 0.9,
        }),
      ],
    ]);
    expect(plan.renderKey).not.toBe(plans.plan(revision, 'speaker').renderKey);
  });

  it('should render screens from the text alone when the revision has variants', async () => {
    const { fakes, calls } = renderers();
    const plans = new ProfileRenderers(fakes, () => '/x', 'Asia/Shanghai');
    const withVariants = plans.plan({ ...revision, variants } as RevisionEntity, 'hall-tv-1080p');
    await withVariants.run(() => undefined);
    expect(calls.map(([name]) => name)).toEqual(['video']);
    expect(withVariants.renderKey).toBe(plans.plan(revision, 'hall-tv-1080p').renderKey);
  });

  it('should keep the render key when only the fallback permission changes', () => {
    const plans = new ProfileRenderers(renderers().fakes, () => '/x', 'Asia/Shanghai');
    const allowed = { ...revision, allowVoiceFallback: true } as RevisionEntity;
    const refused = { ...revision, allowVoiceFallback: false } as RevisionEntity;
    expect(plans.plan(allowed, 'speaker').renderKey).toBe(plans.plan(refused, 'speaker').renderKey);
  });
});
