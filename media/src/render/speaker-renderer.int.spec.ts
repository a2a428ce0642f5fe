import { mkdtemp, readdir, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { CHIME_DURATION_MS, ebur128Args } from '../ffmpeg/ffmpeg-args';
import { createFfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { parseEbur128Summary } from '../ffmpeg/loudness-parse';
import { ContentStore } from '../store/content-store';
import { EspeakEngine } from '../tts/espeak/espeak-engine';
import { TtsEngine } from '../tts/tts-engine';
import { renderKeyForSpeaker, SPEAKER_PAUSES, SpeakerRenderer, SpeakerRenderInput } from './speaker-renderer';
import { speechScript } from './speech-script';

/** Real ffmpeg and real espeak-ng: one short notice rendered end to end, then measured independently. */
describe('SpeakerRenderer (real ffmpeg + espeak-ng)', () => {
  jest.setTimeout(30_000);
  const runner = createFfmpegRunner();
  const tts = new EspeakEngine();
  let root: string;
  let renderer: SpeakerRenderer;
  const input: SpeakerRenderInput = {
    kind: 'notice',
    title: '关于开展秋季防火安全检查的通知',
    body: '各村民小组：10月15日上午9点，镇应急办将到村开展防火检查。请各户清理房前屋后的柴草。咨询电话：0834-1234567。',
    voiceId: 'espeak:cmn',
    rate: 1,
    profile: { sampleRate: 44100, bitrateKbps: 64, loudnessLufs: -16, truePeakDb: -1.5 },
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'speaker-int-'));
    renderer = new SpeakerRenderer({ runner, tts, store: new ContentStore(join(root, 'store')), tmpDir: join(root, 'tmp') });
  });

  afterAll(async () => {
    await tts.close();
    await rm(root, { recursive: true, force: true });
  });

  it('should produce a mono 44.1 kHz MP3 at −16 LUFS with exact sentence timings when rendering a notice', async () => {
    const progress: number[] = [];
    const audio = await renderer.render(input, (pct) => progress.push(pct));
    const file = new ContentStore(join(root, 'store')).pathFor(audio.sha256, 'mp3');

    const probe = await runner.probe(file);
    expect(probe.formatName).toBe('mp3');
    expect(probe.streams).toHaveLength(1);
    expect(probe.streams[0]).toMatchObject({ codecType: 'audio', codecName: 'mp3', sampleRate: 44100, channels: 1 });
    expect(Math.abs(probe.durationMs - audio.durationMs)).toBeLessThanOrEqual(300);

    const loudness = parseEbur128Summary((await runner.run(ebur128Args(file))).stderr);
    expect(Math.abs(loudness.integratedLufs - -16)).toBeLessThanOrEqual(1);
    expect(loudness.truePeakDb).toBeLessThanOrEqual(-1.5);

    expect(audio.sentences.map((s) => s.text)).toEqual(speechScript(input).map((l) => l.display));
    expect(audio.sentences[1].text).toBe('各村民小组：10月15日上午9点，镇应急办将到村开展防火检查。'); // as written, read normalised
    let previousEnd = 0;
    for (const s of audio.sentences) {
      expect(s.startMs).toBeGreaterThanOrEqual(previousEnd);
      expect(s.endMs).toBeGreaterThan(s.startMs);
      previousEnd = s.endMs;
    }
    expect(previousEnd).toBe(audio.durationMs);
    expect(audio.sentences[0].startMs).toBe(CHIME_DURATION_MS + SPEAKER_PAUSES.afterChimeMs);
    expect(audio).toMatchObject({ renderKey: renderKeyForSpeaker(input), mime: 'audio/mpeg', ext: 'mp3', voiceId: 'espeak:cmn' });
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toBe(100);
    expect(await readdir(join(root, 'tmp'))).toEqual(['tones']); // the per-render work dir is gone
  });

  it('should reuse the cached chime and store the identical file when rendering the same notice again', async () => {
    const first = await renderer.render(input);
    const before = runner.processCount;
    const again = await renderer.render(input);
    expect(runner.processCount - before).toBe(2); // join + measure, gain + encode (too short to encode in parts)
    expect(again).toEqual(first);
  });

  it('should read questions and answers in their own voices with natural pauses when rendering an interpretation', async () => {
    const asked: Array<[string, string[]]> = [];
    const spy: TtsEngine = {
      id: 'spy',
      voices: () => tts.voices(),
      synthesize: (req) => {
        asked.push([req.voiceId, req.sentences]);
        return tts.synthesize(req);
      },
    };
    const qaRenderer = new SpeakerRenderer({ runner, ttsFor: () => spy, store: new ContentStore(join(root, 'store')), tmpDir: join(root, 'tmp') });
    const qa: SpeakerRenderInput = {
      kind: 'interpretation',
      title: '城乡居民医保政策解读',
      interpreter: '县医保局 张明',
      qa: [
        { q: '哪些人可以参保？', a: '本县户籍居民都可以参保。' },
        { q: '每年交多少钱？', a: '2027年每人400元。' },
      ],
      questionVoiceId: 'espeak:cmn',
      answerVoiceId: 'espeak:yue',
      rate: 1,
      profile: input.profile,
    };
    const audio = await qaRenderer.render(qa);

    expect(audio.voiceId).toBe('espeak:cmn+espeak:yue');
    expect(audio.sentences.map((s) => s.text)).toEqual([
      '城乡居民医保政策解读',
      '解读人：县医保局 张明',
      '问：哪些人可以参保？',
      '答：本县户籍居民都可以参保。',
      '问：每年交多少钱？',
      '答：2027年每人400元。',
    ]);
    // Voices synthesize concurrently, so the order they are asked in is not fixed.
    expect([...asked].sort((a, b) => a[0].localeCompare(b[0]))).toEqual([
      ['espeak:cmn', ['城乡居民医保政策解读', '解读人：县医保局 张明', '问：哪些人可以参保？', '问：每年交多少钱？']],
      ['espeak:yue', ['答：本县户籍居民都可以参保。', '答：二零二七年每人四百元。']],
    ]);
    const gap = (i: number): number => audio.sentences[i].startMs - audio.sentences[i - 1].endMs;
    // Rounded timings: each gap is its pause within a millisecond.
    expect(Math.abs(gap(1) - SPEAKER_PAUSES.afterTitleMs)).toBeLessThanOrEqual(1);
    expect(Math.abs(gap(2) - SPEAKER_PAUSES.beforeQuestionMs)).toBeLessThanOrEqual(1);
    expect(Math.abs(gap(3) - SPEAKER_PAUSES.beforeAnswerMs)).toBeLessThanOrEqual(1);
    expect(Math.abs(gap(4) - SPEAKER_PAUSES.beforeQuestionMs)).toBeLessThanOrEqual(1);

    const file = new ContentStore(join(root, 'store')).pathFor(audio.sha256, 'mp3');
    const probe = await runner.probe(file);
    expect(Math.abs(probe.durationMs - audio.durationMs)).toBeLessThanOrEqual(300);
    const loudness = parseEbur128Summary((await runner.run(ebur128Args(file))).stderr);
    expect(Math.abs(loudness.integratedLufs - -16)).toBeLessThanOrEqual(1);
    expect(loudness.truePeakDb).toBeLessThanOrEqual(-1.5);
    expect(audio.renderKey).toBe(renderKeyForSpeaker(qa));
  });
});
