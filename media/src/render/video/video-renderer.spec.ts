import { DeviceProfile, getProfile } from '@sunshine/devices';
import { FfmpegRunner } from '../../ffmpeg/ffmpeg-runner';
import { MediaError } from '../../media-error';
import { ContentStore } from '../../store/content-store';
import { TtsEngine } from '../../tts/tts-engine';
import { speechScript } from '../speech-script';
import { renderKeyForVideo, segmentContent, SLIDE_GRID_FPS, VideoRenderer, VideoRenderInput, videoEncodingFor } from './video-renderer';
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

describe('renderKeyForVideo (interpretation)', () => {
  const QA: VideoRenderInput = {
    kind: 'interpretation',
    title: '医保政策解读',
    interpreter: '张明',
    qa: [
      { q: '谁可以参保？', a: '本县居民。' },
      { q: '怎么缴费？', a: '手机银行。' },
    ],
    questionVoiceId: 'espeak:cmn',
    answerVoiceId: 'espeak:yue',
    rate: 1,
    department: '某某县医疗保障局',
    date: '2026年11月23日',
    sourceUrl: 'https://www.example.gov.cn/a.html',
    profile: profile('hall-tv-1080p'),
  };

  it('should change with every field of an interpretation, including the order of the pairs', () => {
    if (QA.kind !== 'interpretation') throw new Error('interpretation');
    const variants: VideoRenderInput[] = [
      { ...QA, title: '医保政策问答' },
      { ...QA, interpreter: '李华' },
      { ...QA, qa: [QA.qa[0]] },
      { ...QA, qa: [QA.qa[1], QA.qa[0]] },
      { ...QA, qa: [{ ...QA.qa[0], q: '谁能参保？' }, QA.qa[1]] },
      { ...QA, qa: [{ ...QA.qa[0], a: '全县居民。' }, QA.qa[1]] },
      { ...QA, questionVoiceId: 'espeak:yue' },
      { ...QA, answerVoiceId: 'espeak:cmn' },
      { ...QA, rate: 0.8 },
      { ...QA, department: '某某县人民政府' },
      { ...QA, date: '2026年11月24日' },
      { ...QA, sourceUrl: undefined },
      { ...QA, profile: profile('led-strip-1024x64') },
    ];
    const keys = new Set([renderKeyForVideo(QA), ...variants.map(renderKeyForVideo)]);
    expect(keys.size).toBe(variants.length + 1);
    expect(renderKeyForVideo({ ...QA, qa: QA.qa.map((p) => ({ ...p })) })).toBe(renderKeyForVideo(QA));
  });
});

describe('segmentContent', () => {
  const at = (texts: string[]) => ({
    parts: [],
    sentences: texts.map((text, i) => ({ text, startMs: 1000 * i, endMs: 1000 * i + 800 })),
    durationMs: 1000 * texts.length,
  });

  it("should show the editor's wording with the title apart from the running body when the content is a notice", () => {
    const script = speechScript(INPUT);
    expect(script.map((l) => [l.display, l.spoken])).toEqual([
      ['停水通知', '停水通知'],
      ['10月15日停水。', '十月十五日停水。'],
      ['请提前储水。', '请提前储水。'],
    ]);
    const content = segmentContent(INPUT, script, at(script.map((l) => l.display)));
    expect(content).toMatchObject({ kindLabel: '通知公告', department: '某某镇人民政府', interpreter: undefined, durationMs: 3000 });
    expect(content.titleSentences).toEqual([{ text: '停水通知', startMs: 0, endMs: 800 }]);
    expect(content.bodySentences).toEqual([
      { text: '10月15日停水。', startMs: 1000, endMs: 1800 },
      { text: '请提前储水。', startMs: 2000, endMs: 2800 },
    ]);
  });

  it('should page questions and answers as paragraphs, questions emphasised, and name the interpreter when the content is an interpretation', () => {
    const input: VideoRenderInput = {
      kind: 'interpretation',
      title: '医保政策解读',
      interpreter: '张明',
      qa: [{ q: '谁可以参保？', a: '本县居民。外地人持居住证。' }],
      questionVoiceId: 'espeak:cmn',
      answerVoiceId: 'espeak:yue',
      rate: 1,
      department: '某某县医疗保障局',
      date: '2026年11月23日',
      profile: profile('hall-tv-1080p'),
    };
    const script = speechScript(input);
    const content = segmentContent(input, script, at(script.map((l) => l.display)));
    expect(content).toMatchObject({ kindLabel: '政策解读', interpreter: '张明' });
    expect(content.titleSentences.map((t) => t.text)).toEqual(['医保政策解读']);
    expect(content.bodySentences).toEqual([
      { text: '问：谁可以参保？', startMs: 2000, endMs: 2800, newParagraph: true, emphasis: true },
      { text: '答：本县居民。', startMs: 3000, endMs: 3800, newParagraph: true },
      { text: '外地人持居住证。', startMs: 4000, endMs: 4800 },
    ]);
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
