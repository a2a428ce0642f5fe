import { DeviceProfile, getProfile, VideoSpec } from '@sunshine/devices';
import { mkdtemp, readdir, readFile, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { ebur128Args } from '../../ffmpeg/ffmpeg-args';
import { createFfmpegRunner } from '../../ffmpeg/ffmpeg-runner';
import { parseEbur128Summary } from '../../ffmpeg/loudness-parse';
import { ContentStore } from '../../store/content-store';
import { EspeakEngine } from '../../tts/espeak/espeak-engine';
import { backgroundColour, SEGMENT_COLOURS } from './segment-ass';
import { frameGrabArgs } from './video-args';
import { Box, planVideoLayout, VideoLayout } from './video-layout';
import { renderKeyForVideo, VideoRenderer, VideoRenderInput } from './video-renderer';

/** Real espeak-ng, ffmpeg and libass: a short notice per screen profile, checked with ffprobe, ebur128 and pixels. */
describe('VideoRenderer (real ffmpeg + espeak-ng)', () => {
  jest.setTimeout(30_000);
  const runner = createFfmpegRunner();
  const tts = new EspeakEngine();
  let root: string;
  let store: ContentStore;
  let renderer: VideoRenderer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'video-int-'));
    store = new ContentStore(join(root, 'store'));
    renderer = new VideoRenderer({ runner, tts, store, tmpDir: join(root, 'tmp') });
  });

  afterAll(async () => {
    await tts.close();
    await rm(root, { recursive: true, force: true });
  });

  function input(profileId: string): VideoRenderInput {
    const profile = getProfile(profileId);
    if (!profile) throw new Error(profileId);
    return {
      kind: 'notice',
      // Hostile on purpose: override tags, a drawtext expansion, filter-graph punctuation, an ASS line break.
      title: "{\\an8}关于%{localtime}停水的通知:'\\N",
      body: '各村民小组：10月15日停水。请提前储水。',
      department: '某某县人民政府办公室',
      date: '2026年11月23日',
      sourceUrl: 'https://www.example.gov.cn/xxgk/2026/11/23/notice-1234.html',
      voiceId: 'espeak:cmn',
      rate: 1,
      profile,
    };
  }

  /** Where the title is at 1.5 s: its own box on the TV, the first page on the panel, the scrolling line on the strip. */
  function titleArea(layout: VideoLayout): Box {
    switch (layout.template) {
      case 'slides':
        return layout.title;
      case 'compact':
        return layout.page;
      case 'ticker':
        return layout.scroll;
    }
  }

  /** Pixels of the box that differ clearly from the background colour, in a raw RGB frame. */
  function inkIn(rgb: Buffer, width: number, box: Box, background: string): number {
    const bg = [1, 3, 5].map((i) => parseInt(background.slice(i, i + 2), 16));
    let ink = 0;
    for (let y = box.y; y < box.y + box.height; y++) {
      for (let x = box.x; x < box.x + box.width; x++) {
        const i = (y * width + x) * 3;
        if (Math.max(...[0, 1, 2].map((c) => Math.abs(rgb[i + c] - bg[c]))) > 60) ink++;
      }
    }
    return ink;
  }

  async function frameAt(file: string, atMs: number): Promise<Buffer> {
    const out = join(root, `frame-${Date.now()}.rgb`);
    await runner.run(frameGrabArgs(file, atMs, out));
    return readFile(out);
  }

  /** Renders the notice for the profile, checks it, and returns the stored file. */
  async function checkRendition(profile: DeviceProfile): Promise<string> {
    const video = profile.video;
    if (!video) throw new Error('video profile');
    const progress: number[] = [];
    const rendered = await renderer.render(input(profile.id), (pct) => progress.push(pct));
    const file = store.pathFor(rendered.sha256, 'mp4');

    const probe = await runner.probe(file);
    expect(probe.formatName).toContain('mp4');
    const v = probe.streams.find((s) => s.codecType === 'video');
    const a = probe.streams.find((s) => s.codecType === 'audio');
    expect(v).toMatchObject({ codecName: 'h264', width: video.width, height: video.height });
    expect(a).toMatchObject({ codecName: 'aac', sampleRate: profile.audio.sampleRate, channels: profile.audio.channels });
    expect(Math.abs(probe.durationMs - rendered.durationMs)).toBeLessThanOrEqual(300);

    const loudness = parseEbur128Summary((await runner.run(ebur128Args(file))).stderr);
    expect(Math.abs(loudness.integratedLufs - profile.audio.loudnessLufs)).toBeLessThanOrEqual(profile.audio.loudnessToleranceLu);
    expect(loudness.truePeakDb).toBeLessThanOrEqual(profile.audio.truePeakDb);

    const layout = planVideoLayout(video, { withQr: true });
    const rgb = await frameAt(file, 1500);
    expect(rgb.length).toBe(video.width * video.height * 3);
    const box = titleArea(layout);
    // Text, not a blank or uniform frame: a good share of the title area is ink, but far from all of it.
    const ink = inkIn(rgb, video.width, box, backgroundColour(layout));
    expect(ink).toBeGreaterThan(box.width * box.height * 0.02);
    expect(ink).toBeLessThan(box.width * box.height * 0.6);

    expect(rendered).toMatchObject({ renderKey: renderKeyForVideo(input(profile.id)), mime: 'video/mp4', ext: 'mp4', width: video.width, height: video.height });
    expect(rendered.sentences.map((s) => s.text)).toEqual(["{\\an8}关于%{localtime}停水的通知:'\\N", '各村民小组：10月15日停水。', '请提前储水。']);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    expect(progress[progress.length - 1]).toBe(100);
    return file;
  }

  it('should render a 1920×1080 H.264/AAC notice at −24 LUFS with the title and QR code drawn when the profile is the hall TV', async () => {
    const profile = getProfile('hall-tv-1080p') as DeviceProfile;
    const file = await checkRendition(profile);
    const layout = planVideoLayout(profile.video as VideoSpec, { withQr: true });
    if (layout.template !== 'slides' || !layout.qr) throw new Error('expected slides with QR');
    const rgb = await frameAt(file, 1500);
    expect(inkIn(rgb, 1920, layout.qr, '#FFFFFF')).toBeGreaterThan(layout.qr.width * layout.qr.height * 0.25); // QR modules
  });

  it('should show the first question in its own colour under the interpreter header when the hall TV renders an interpretation', async () => {
    const profile = getProfile('hall-tv-1080p') as DeviceProfile;
    const qa: VideoRenderInput = {
      kind: 'interpretation',
      title: '城乡居民医保政策解读',
      interpreter: '张明',
      qa: [
        { q: '哪些人可以参保？', a: '本县户籍居民都可以参保。' },
        { q: '每年交多少钱？', a: '2027年每人400元。' },
      ],
      questionVoiceId: 'espeak:cmn',
      answerVoiceId: 'espeak:yue',
      rate: 1,
      department: '某某县医疗保障局',
      date: '2026年11月23日',
      profile,
    };
    const rendered = await renderer.render(qa);
    expect(rendered).toMatchObject({ renderKey: renderKeyForVideo(qa), voiceId: 'espeak:cmn+espeak:yue' });
    expect(rendered.sentences.map((t) => t.text)).toEqual([
      '城乡居民医保政策解读',
      '解读人：张明',
      '问：哪些人可以参保？',
      '答：本县户籍居民都可以参保。',
      '问：每年交多少钱？',
      '答：2027年每人400元。',
    ]);
    const file = store.pathFor(rendered.sha256, 'mp4');
    const probe = await runner.probe(file);
    expect(Math.abs(probe.durationMs - rendered.durationMs)).toBeLessThanOrEqual(300);
    const loudness = parseEbur128Summary((await runner.run(ebur128Args(file))).stderr);
    expect(Math.abs(loudness.integratedLufs - -24)).toBeLessThanOrEqual(1);

    const layout = planVideoLayout(profile.video as VideoSpec, { withQr: false });
    if (layout.template !== 'slides') throw new Error('expected slides');
    const rgb = await frameAt(file, 1500);
    const question = [1, 3, 5].map((i) => parseInt(SEGMENT_COLOURS.slides.question.slice(i, i + 2), 16));
    let questionInk = 0;
    for (let y = layout.body.y; y < layout.body.y + layout.body.height; y++) {
      for (let x = layout.body.x; x < layout.body.x + layout.body.width; x++) {
        const i = (y * 1920 + x) * 3;
        if ([0, 1, 2].every((c) => Math.abs(rgb[i + c] - question[c]) < 35)) questionInk++;
      }
    }
    expect(questionInk).toBeGreaterThan(500); // the question's strokes, in the question colour
  });

  it('should render a 384×192 notice at −16 LUFS with the title page in large type when the profile is the small LED panel', async () => {
    await checkRendition(getProfile('led-384x192') as DeviceProfile);
  });

  it('should render a 1024×64 ticker with the title scrolling in when the profile is the LED strip', async () => {
    await checkRendition(getProfile('led-strip-1024x64') as DeviceProfile);
    expect(await readdir(join(root, 'tmp'))).toEqual(['tones']); // every work dir removed, the cached chime kept
  });
});
