import { DEVICE_KINDS, defaultProfileForKind, getProfile, isDeviceKind, PROFILES } from './device-profiles';

describe('PROFILES', () => {
  it('should list the four design profiles with unique ids', () => {
    expect(PROFILES.map((p) => p.id)).toEqual(['speaker', 'hall-tv-1080p', 'led-384x192', 'led-strip-1024x64']);
  });

  it('should make the speaker a mono 44.1 kHz 64 kbps MP3 at −16 LUFS and −1.5 dBTP', () => {
    expect(getProfile('speaker')).toMatchObject({
      kind: 'speaker',
      container: 'mp3',
      mime: 'audio/mpeg',
      audio: { codec: 'mp3', sampleRate: 44_100, channels: 1, bitrateKbps: 64, loudnessLufs: -16, truePeakDb: -1.5 },
    });
    expect(getProfile('speaker')?.video).toBeUndefined();
  });

  it('should make the hall TV 1080p H.264 with stereo 48 kHz AAC at −24 LUFS ±1 LU', () => {
    expect(getProfile('hall-tv-1080p')).toMatchObject({
      kind: 'tv',
      container: 'mp4',
      mime: 'video/mp4',
      audio: { codec: 'aac', sampleRate: 48_000, channels: 2, bitrateKbps: 128, loudnessLufs: -24, truePeakDb: -2, loudnessToleranceLu: 1 },
      video: { codec: 'h264', width: 1920, height: 1080, ticker: false },
    });
  });

  it('should make the LED strip a one-line 25 fps ticker', () => {
    expect(getProfile('led-strip-1024x64')?.video).toMatchObject({ width: 1024, height: 64, fps: 25, maxLinesPerPage: 1, ticker: true });
  });

  it.each(PROFILES.filter((p) => p.video).map((p) => [p.id, p.video!] as const))(
    'should fit a full page of text on screen when rendering for %s',
    (_id, video) => {
      expect(video.maxCharsPerLine * video.fontSizePx).toBeLessThanOrEqual(video.width);
      expect(video.maxLinesPerPage * video.fontSizePx).toBeLessThanOrEqual(video.height);
    },
  );

  it('should use larger type relative to the screen when the screen is a small LED panel', () => {
    const ratio = (id: string): number => getProfile(id)!.video!.fontSizePx / getProfile(id)!.video!.height;
    expect(ratio('led-384x192')).toBeGreaterThan(ratio('hall-tv-1080p'));
  });

  it('should have a Chinese description for every profile', () => {
    for (const p of PROFILES) expect(p.description).toMatch(/[\u4e00-\u9fff]/);
  });

  it('should reject mutation when a caller tries to change a shared profile', () => {
    const speaker = getProfile('speaker')!;
    expect(() => {
      (speaker.audio as { loudnessLufs: number }).loudnessLufs = -10;
    }).toThrow(TypeError);
    expect(Object.isFrozen(PROFILES)).toBe(true);
  });
});

describe('getProfile / defaultProfileForKind / isDeviceKind', () => {
  it('should return undefined when the id is unknown', () => {
    expect(getProfile('crt-480i')).toBeUndefined();
  });

  it.each([
    ['speaker', 'speaker'],
    ['tv', 'hall-tv-1080p'],
    ['led', 'led-384x192'],
  ] as const)('should pick %s → %s as the default profile', (kind, id) => {
    expect(defaultProfileForKind(kind).id).toBe(id);
    expect(defaultProfileForKind(kind).kind).toBe(kind);
  });

  it('should recognise exactly the three device kinds', () => {
    expect(DEVICE_KINDS.filter(isDeviceKind)).toEqual(['speaker', 'tv', 'led']);
    expect(isDeviceKind('radio')).toBe(false);
    expect(isDeviceKind(undefined)).toBe(false);
  });
});
