import { ALERT_TONE_DURATION_MS, ContentStore, createFfmpegRunner, ebur128Args, EspeakEngine, parseEbur128Summary } from '@sunshine/media';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertAudio } from './alert-audio';

/** Real espeak-ng and ffmpeg: the alert fast path's output measured independently. */
describe('AlertAudio (real ffmpeg + espeak-ng)', () => {
  jest.setTimeout(30_000);
  const runner = createFfmpegRunner();
  let root: string;
  let store: ContentStore;
  let audio: AlertAudio;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'alert-audio-'));
    store = new ContentStore(join(root, 'media'));
    audio = new AlertAudio({ runner, tts: new EspeakEngine(), store, tmpDir: join(root, 'tmp') });
  });
  afterAll(async () => {
    await audio.close();
    await rm(root, { recursive: true, force: true });
  });

  async function measure(sha256: string) {
    const file = store.pathFor(sha256, 'mp3');
    return { probe: await runner.probe(file), loudness: parseEbur128Summary((await runner.run(ebur128Args(file))).stderr) };
  }

  it('should render speech as small mono 22.05 kHz MP3 at −16 LUFS within 1 LU when an alert is sent', async () => {
    const speech = await audio.speech('青石镇人民政府紧急通知：受强降雨影响，今晚可能发生山洪。请沿河及低洼地带群众立即转移到安全地点！', 'espeak:cmn');
    const { probe, loudness } = await measure(speech.sha256);
    expect(probe.streams[0]).toMatchObject({ codecName: 'mp3', sampleRate: 22050, channels: 1 });
    expect(Math.abs(probe.durationMs - speech.durationMs)).toBeLessThanOrEqual(300);
    // 32 kbit/s: 4 KB per second of speech, plus a frame or two.
    expect(speech.size).toBeLessThanOrEqual((speech.durationMs / 1000) * 4_000 + 1_000);
    expect(Math.abs(loudness.integratedLufs - -16)).toBeLessThanOrEqual(1);
    expect(loudness.truePeakDb).toBeLessThanOrEqual(-1);
  });

  it('should generate the alert tone once and reuse it without running ffmpeg again', async () => {
    const first = await audio.alertTone();
    const runs = runner.processCount;
    const again = await audio.alertTone();
    expect(again).toEqual(first);
    expect(runner.processCount).toBe(runs);
    const { probe, loudness } = await measure(first.sha256);
    expect(first.durationMs).toBe(ALERT_TONE_DURATION_MS);
    expect(Math.abs(probe.durationMs - ALERT_TONE_DURATION_MS)).toBeLessThanOrEqual(200);
    expect(Math.abs(loudness.integratedLufs - -16)).toBeLessThanOrEqual(1);
  });

  it('should make the tone again when its stored file has vanished', async () => {
    const first = await audio.alertTone();
    await rm(store.pathFor(first.sha256, 'mp3'));
    const again = await audio.alertTone();
    expect(again.sha256).toBe(first.sha256);
    expect(await store.has(again.sha256, 'mp3')).toBe(true);
  });

  it('should refuse text with nothing to read aloud', async () => {
    await expect(audio.speech('……', 'espeak:cmn')).rejects.toMatchObject({ code: 'TEXT_EMPTY' });
  });
});
