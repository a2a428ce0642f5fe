import { DeviceProfile, getProfile } from '@sunshine/devices';
import { FfmpegRunner } from '../../ffmpeg/ffmpeg-runner';
import { MediaError } from '../../media-error';
import { ContentStore } from '../../store/content-store';
import { TtsEngine } from '../../tts/tts-engine';
import { renderKeyForVideo, SLIDE_GRID_FPS, VideoRenderer, VideoRenderInput, videoEncodingFor, videoScript } from './video-renderer';
import { planVideoLayout } from './video-layout';

function profile(id: string): DeviceProfile {
  const p = getProfile(id);
  if (!p) throw new Error(id);
  return p;
}

const INPUT: VideoRenderInput = {
  kind: 'notice',
  title: '停水通知',
  body: '10月15日停水。请提前储水。',
  department: '某某镇人民政府',
  date: '2026年11月23日',
  sourceUrl: 'https://www.example.gov.cn/a.html',
  voiceId: 'espeak:cmn',
  rate: 1,
  profile: profile('hall-tv-1080p'),
};

describe('renderKeyForVideo', () => {
  it('should be stable for the same input and change with every field that shapes the video', () => {
    const key = renderKeyForVideo(INPUT);
    expect(renderKeyForVideo({ ...INPUT, profile: JSON.parse(JSON.stringify(INPUT.profile)) as DeviceProfile })).toBe(key);
    const variants: VideoRenderInput[] = [
      { ...INPUT, title: '停电通知' },
      { ...INPUT, body: '10月16日停水。' },
      { ...INPUT, department: '某某村委会' },
      { ...INPUT, date: '2026年11月24日' },
      { ...INPUT, sourceUrl: 'https://www.example.gov.cn/b.html' },
      { ...INPUT, sourceUrl: undefined },
      { ...INPUT, voiceId: 'espeak:yue' },
      { ...INPUT, rate: 0.8 },
      { ...INPUT, profile: profile('led-384x192') },
    ];
    const keys = new Set([key, ...variants.map(renderKeyForVideo)]);
    expect(keys.size).toBe(variants.length + 1);
  });
});

describe('videoScript', () => {
  it("should show the editor's wording and speak its normalised form, one pair per sentence", () => {
    expect(videoScript({ title: '停水通知', body: '10月15日停水。\n咨询电话：0834-1234567。' })).toEqual({
      title: [{ display: '停水通知', spoken: '停水通知' }],
      body: [
        { display: '10月15日停水。', spoken: '十月十五日停水。' },
        { display: '咨询电话：0834-1234567。', spoken: '咨询电话：零八三四，一二三四五六七。' },
      ],
    });
  });
});

describe('videoEncodingFor', () => {
  it('should encode changed frames only, tuned for stills without B-frames, for slides and every frame for a ticker', () => {
    const tv = profile('hall-tv-1080p').video;
    const strip = profile('led-strip-1024x64').video;
    if (!tv || !strip) throw new Error('video profiles');
    expect(videoEncodingFor(planVideoLayout(tv, { withQr: false }), tv)).toEqual({
      fps: SLIDE_GRID_FPS,
      h264: { preset: 'veryfast', tune: 'stillimage', crf: 20, gopFrames: 10, bFrames: 0 },
    });
    expect(videoEncodingFor(planVideoLayout(strip, { withQr: false }), strip)).toEqual({ fps: 25, h264: { preset: 'veryfast', crf: 20, gopFrames: 50 } });
  });
});

describe('VideoRenderer input checks', () => {
  const runner = new FfmpegRunner({ ffmpegPath: '/nonexistent/ffmpeg', ffprobePath: '/nonexistent/ffprobe' });
  const tts: TtsEngine = {
    id: 'fake',
    voices: () => [],
    synthesize: () => Promise.reject(new Error('must not be called')),
  };
  const renderer = new VideoRenderer({ runner, tts, store: new ContentStore('/nonexistent/store'), tmpDir: '/nonexistent/tmp' });

  async function codeOf(input: VideoRenderInput): Promise<string> {
    try {
      await renderer.render(input);
    } catch (err) {
      if (err instanceof MediaError) return err.code;
      throw err;
    }
    throw new Error('expected a MediaError');
  }

  it('should refuse before any work when the profile has no video, the link is unsafe or there is nothing to say', async () => {
    expect(await codeOf({ ...INPUT, profile: profile('speaker') })).toBe('PROFILE_UNSUPPORTED');
    expect(await codeOf({ ...INPUT, sourceUrl: 'javascript:alert(1)' })).toBe('SOURCE_URL_INVALID');
    expect(await codeOf({ ...INPUT, title: '。。', body: '  ' })).toBe('TEXT_EMPTY');
    expect(runner.processCount).toBe(0);
  });
});
