import { mkdtemp, readdir, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { CHIME_DURATION_MS, ebur128Args } from '../ffmpeg/ffmpeg-args';
import { createFfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { parseEbur128Summary } from '../ffmpeg/loudness-parse';
import { ContentStore } from '../store/content-store';
import { EspeakEngine } from '../tts/espeak/espeak-engine';
import { renderKeyForSpeaker, SPEAKER_PAUSES, SpeakerRenderer, SpeakerRenderInput, speakerScript } from './speaker-renderer';

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

    const script = speakerScript(input);
    expect(audio.sentences.map((s) => s.text)).toEqual([...script.title, ...script.body]);
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
    expect(runner.processCount - before).toBe(3); // concat, loudness measure, loudness apply + encode
    expect(again).toEqual(first);
  });
});
