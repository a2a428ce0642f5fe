import { getProfile } from '@sunshine/devices';
import type { RevisionEntity } from '../contents/revision.entity';
import { displayDate, speakerInput, videoInput } from './profile-renderers';

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
});
