import { mkdtemp, readdir, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { CHIME_DURATION_MS, ebur128Args } from '../../ffmpeg/ffmpeg-args';
import { createFfmpegRunner, FfmpegRunner } from '../../ffmpeg/ffmpeg-runner';
import { parseEbur128Summary } from '../../ffmpeg/loudness-parse';
import { planSpeakerTimeline, SPEAKER_PAUSES, SpeakerProfile } from '../../render/speaker-renderer';
import { ContentStore, sha256File } from '../../store/content-store';
import { EspeakEngine } from '../espeak/espeak-engine';
import { SynthesizedSentence } from '../tts-engine';
import {
  masterRecording,
  orderVariants,
  planVariantTimeline,
  recordingGainDb,
  RenderedPart,
  renderKeyForRecording,
  renderVariants,
  VARIANT_PAUSE_MS,
} from './master-recording';
import { hasEncoder, noiseFile } from './testing/test-audio';

const sentence = (text: string, durationMs: number): SynthesizedSentence => ({ text, file: `/w/${text}.wav`, durationMs });
const chime = { file: '/w/chime.wav', durationMs: 1200 };

describe('planVariantTimeline', () => {
  it('should lay out a single speech segment exactly like a spoken notice', () => {
    const title = [sentence('t', 1000.4)];
    const body = [sentence('b1', 2000), sentence('b2', 1500.2)];
    expect(planVariantTimeline(chime, [{ title, body }])).toEqual(planSpeakerTimeline(chime, title, body));
  });

  it('should separate language versions by the variant pause and time every sentence when there are two', () => {
    const plan = planVariantTimeline(chime, [
      { title: [sentence('标题', 1000)], body: [sentence('正文', 2000)] },
      { title: [], body: [sentence('彝语录音', 5000.5)] },
    ]);
    const mandarinStart = 1200 + SPEAKER_PAUSES.afterChimeMs;
    const bodyStart = mandarinStart + 1000 + SPEAKER_PAUSES.afterTitleMs;
    const yiStart = bodyStart + 2000 + VARIANT_PAUSE_MS;
    expect(plan.sentences).toEqual([
      { text: '标题', startMs: mandarinStart, endMs: mandarinStart + 1000 },
      { text: '正文', startMs: bodyStart, endMs: bodyStart + 2000 },
      { text: '彝语录音', startMs: yiStart, endMs: Math.round(yiStart + 5000.5) },
    ]);
    expect(plan.parts).toEqual([
      { kind: 'file', path: '/w/chime.wav' },
      { kind: 'silence', durationMs: SPEAKER_PAUSES.afterChimeMs },
      { kind: 'file', path: '/w/标题.wav' },
      { kind: 'silence', durationMs: SPEAKER_PAUSES.afterTitleMs },
      { kind: 'file', path: '/w/正文.wav' },
      { kind: 'silence', durationMs: VARIANT_PAUSE_MS },
      { kind: 'file', path: '/w/彝语录音.wav' },
    ]);
    expect(plan.durationMs).toBe(Math.round(yiStart + 5000.5));
  });
});

describe('recordingGainDb', () => {
  it('should bring the recording to the target, within ±30 dB, and leave silence alone', () => {
    expect(recordingGainDb(-33.8, -16)).toBeCloseTo(17.8, 5);
    expect(recordingGainDb(-10, -16)).toBe(-6);
    expect(recordingGainDb(-70, -16)).toBe(30);
    expect(recordingGainDb(Number.NEGATIVE_INFINITY, -16)).toBe(0);
  });
});

describe('orderVariants', () => {
  const zh: RenderedPart = { kind: 'speech', language: 'zh-CN', voiceId: 'espeak:cmn', title: [], body: [] };
  const yi: RenderedPart = { kind: 'recording', language: 'ii', file: '/r.amr' };

  it('should follow the configured order and leave out languages it does not name', () => {
    expect(orderVariants([zh, yi], ['ii', 'zh-CN'])).toEqual([yi, zh]);
    expect(orderVariants([zh, yi], ['zh-CN'])).toEqual([zh]);
  });

  it('should fail with VARIANT_MISSING when a configured language has no version', () => {
    expect(() => orderVariants([zh], ['zh-CN', 'ii'])).toThrow(
      expect.objectContaining({ code: 'VARIANT_MISSING', message: '缺少“ii”语言版本，无法按设定的顺序播放' }),
    );
  });

  it('should reject an empty order, a language listed twice and two parts of one language', () => {
    expect(() => orderVariants([zh], [])).toThrow(RangeError);
    expect(() => orderVariants([zh], ['zh-CN', 'zh-CN'])).toThrow(RangeError);
    expect(() => orderVariants([zh, { ...zh }], ['zh-CN'])).toThrow(RangeError);
  });
});

describe('recording mastering (real ffmpeg)', () => {
  const runner = createFfmpegRunner();
  const espeak = new EspeakEngine();
  const profile: SpeakerProfile = { sampleRate: 44100, bitrateKbps: 64, loudnessLufs: -16, truePeakDb: -1.5 };
  let root: string;
  let store: ContentStore;
  let deps: { runner: FfmpegRunner; store: ContentStore; tmpDir: string };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'master-recording-'));
    store = new ContentStore(join(root, 'store'));
    deps = { runner, store, tmpDir: join(root, 'tmp') };
  });

  afterAll(async () => {
    await espeak.close();
    await rm(root, { recursive: true, force: true });
  });

  async function checkSpeakerFile(sha256: string, durationMs: number): Promise<void> {
    const file = store.pathFor(sha256, 'mp3');
    const probe = await runner.probe(file);
    expect(probe.formatName).toBe('mp3');
    expect(probe.streams).toHaveLength(1);
    expect(probe.streams[0]).toMatchObject({ codecType: 'audio', codecName: 'mp3', sampleRate: 44100, channels: 1 });
    expect(Math.abs(probe.durationMs - durationMs)).toBeLessThanOrEqual(300);
    const loudness = parseEbur128Summary((await runner.run(ebur128Args(file))).stderr);
    expect(Math.abs(loudness.integratedLufs - -16)).toBeLessThanOrEqual(1);
    expect(loudness.truePeakDb).toBeLessThanOrEqual(-1.5);
  }

  const recordingEncoder = hasEncoder('libopencore_amrnb') ? 'libopencore_amrnb' : 'libmp3lame';

  it(`should master a ${recordingEncoder} recording with the chime to −16 LUFS mono MP3 when given a recording`, async () => {
    const file = join(root, 'yi.rec');
    await noiseFile(runner, file, 3, 8000, recordingEncoder === 'libmp3lame' ? ['-c:a', 'libmp3lame', '-f', 'mp3'] : ['-c:a', recordingEncoder, '-b:a', '12.2k', '-f', 'amr']);
    const audio = await masterRecording(deps, { file, profile, text: 'ꆈꌠꉙ 彝语解读' });

    const start = CHIME_DURATION_MS + SPEAKER_PAUSES.afterChimeMs;
    expect(audio.sentences).toHaveLength(1);
    expect(audio.sentences[0]).toMatchObject({ text: 'ꆈꌠꉙ 彝语解读', startMs: start });
    expect(audio.sentences[0].endMs - start).toBeGreaterThanOrEqual(3000);
    expect(audio.sentences[0].endMs - start).toBeLessThan(3100); // a codec frame of padding at most
    expect(audio.durationMs).toBe(audio.sentences[0].endMs);
    expect(audio).toMatchObject({
      renderKey: renderKeyForRecording({ recordingSha256: await sha256File(file), profile, text: 'ꆈꌠꉙ 彝语解读' }),
      mime: 'audio/mpeg',
      ext: 'mp3',
      voiceId: 'recording',
    });
    await checkSpeakerFile(audio.sha256, audio.durationMs);
    expect(await readdir(deps.tmpDir)).toEqual([]); // the work dir is gone
  });

  it('should play Mandarin espeak speech then the Yi recording back to back, mastered once, when the order says so', async () => {
    const work = await mkdtemp(join(root, 'tts-'));
    const [title, body] = await espeak.synthesize({ sentences: ['关于秋季防火的通知。', '请各户清理房前屋后的柴草。'], voiceId: 'espeak:cmn', rate: 1, workDir: work });
    const recording = join(root, 'yi.ogg');
    await noiseFile(runner, recording, 2, 44100, ['-c:a', 'libvorbis']);
    const before = runner.processCount;

    const audio = await renderVariants(deps, {
      parts: [
        { kind: 'recording', language: 'ii', file: recording, text: '彝语版' },
        { kind: 'speech', language: 'zh-CN', voiceId: 'espeak:cmn', title: [title], body: [body] },
      ],
      order: ['zh-CN', 'ii'],
      profile,
      renderKey: 'k'.repeat(64),
    });

    // chime; recording: loudness measure, levelled decode, ffprobe; concat, loudness measure, loudness apply + encode
    expect(runner.processCount - before).toBe(7);
    expect(audio.voiceId).toBe('espeak:cmn+recording');
    expect(audio.renderKey).toBe('k'.repeat(64));
    expect(audio.sentences.map((s) => s.text)).toEqual(['关于秋季防火的通知。', '请各户清理房前屋后的柴草。', '彝语版']);
    const [t, b, yi] = audio.sentences;
    expect(t.startMs).toBe(CHIME_DURATION_MS + SPEAKER_PAUSES.afterChimeMs);
    expect(b.startMs).toBe(t.endMs + SPEAKER_PAUSES.afterTitleMs);
    expect(yi.startMs).toBe(b.endMs + VARIANT_PAUSE_MS);
    expect(Math.abs(yi.endMs - yi.startMs - 2000)).toBeLessThanOrEqual(30);
    await checkSpeakerFile(audio.sha256, audio.durationMs);
  });

  it('should fail with VARIANT_MISSING before running any process when a configured language is missing', async () => {
    const before = runner.processCount;
    await expect(
      renderVariants(deps, { parts: [{ kind: 'recording', language: 'ii', file: '/none.amr' }], order: ['zh-CN', 'ii'], profile, renderKey: 'k' }),
    ).rejects.toMatchObject({ code: 'VARIANT_MISSING' });
    expect(runner.processCount).toBe(before);
  });
});
