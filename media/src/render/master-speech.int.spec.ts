import { mkdtemp, readFile, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { ebur128Args } from '../ffmpeg/ffmpeg-args';
import { createFfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { parseEbur128Summary } from '../ffmpeg/loudness-parse';
import { wavDurationMs } from '../tts/wav-duration';
import { masterSpeech, planMp3Parts } from './master-speech';
import { planSpeechTimeline, SpeakerTimeline } from './speech-track';

/**
 * Real ffmpeg: ~57 s of tone bursts standing in for sentences, mastered to MP3 in parts. Every burst must start
 * where the timeline says, before and after the cut, in the decoded file.
 */
describe('masterSpeech (real ffmpeg)', () => {
  jest.setTimeout(30_000);
  const runner = createFfmpegRunner();
  const SR = 44100;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'master-speech-'));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A 1 s tone burst at the rate, as a stand-in sentence. */
  async function burst(name: string, rate: number): Promise<{ text: string; file: string; durationMs: number }> {
    const file = join(dir, name);
    const graph = `aevalsrc='0.5*sin(2*PI*440*t)':s=${rate}:d=1,afade=t=in:d=0.005,afade=t=out:st=0.99:d=0.01`;
    await runner.run(['-hide_banner', '-nostdin', '-y', '-filter_complex', graph, '-c:a', 'pcm_s16le', '-ac', '1', `file:${file}`]);
    return { text: 'x', file, durationMs: wavDurationMs(await readFile(file)) };
  }

  /**
   * Masters the timeline to MP3 and checks it: the processes run and the inputs of the first (the join), format,
   * length, loudness, true peak; returns the decoded samples.
   */
  async function masterAndDecode(timeline: SpeakerTimeline, processes: number, joinInputs: number): Promise<Int16Array> {
    const run = jest.spyOn(runner, 'run');
    const mp3 = await masterSpeech(runner, timeline, { loudnessLufs: -16, truePeakDb: -1.5 }, { codec: 'mp3', sampleRate: SR, bitrateKbps: 64 }, dir);
    expect(run).toHaveBeenCalledTimes(processes);
    expect(run.mock.calls[0][0].filter((arg) => arg === '-i')).toHaveLength(joinInputs);
    run.mockRestore();
    const probe = await runner.probe(mp3);
    expect(probe.streams[0]).toMatchObject({ codecName: 'mp3', sampleRate: SR, channels: 1 });
    expect(Math.abs(probe.durationMs - timeline.durationMs)).toBeLessThanOrEqual(300);
    const loudness = parseEbur128Summary((await runner.run(ebur128Args(mp3))).stderr);
    expect(Math.abs(loudness.integratedLufs - -16)).toBeLessThanOrEqual(1);
    expect(loudness.truePeakDb).toBeLessThanOrEqual(-1.5);
    const raw = join(dir, 'decoded.raw');
    await runner.run(['-hide_banner', '-nostdin', '-y', '-i', `file:${mp3}`, '-f', 's16le', '-ac', '1', '-ar', String(SR), `file:${raw}`]);
    const bytes = await readFile(raw);
    return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  }

  /** RMS of the decoded samples between two times. */
  function rms(pcm: Int16Array, fromMs: number, toMs: number): number {
    const [a, b] = [Math.round((fromMs * SR) / 1000), Math.round((toMs * SR) / 1000)];
    let sum = 0;
    for (let i = a; i < b; i++) sum += pcm[i] * pcm[i];
    return Math.sqrt(sum / (b - a));
  }

  /**
   * The limiter's look-ahead delays everything by 5 ms. Silent until then, sounding a few ms later: a sentence
   * off by half an MP3 frame (13 ms) either way would fail.
   */
  function expectOnsets(pcm: Int16Array, sentences: ReadonlyArray<{ startMs: number }>): void {
    for (const s of sentences) {
      const after = rms(pcm, s.startMs + 8, s.startMs + 14);
      expect(after).toBeGreaterThan(2000);
      expect(rms(pcm, s.startMs - 12, s.startMs + 3)).toBeLessThan(after * 0.05);
    }
  }

  it('should keep every sentence on its planned sample after joining the MP3 parts, at the target loudness', async () => {
    const sentence = await burst('burst.wav', 22050);
    const lines = Array.from({ length: 40 }, () => ({ display: 'x', pauseBeforeMs: 400 }));
    const timeline = planSpeechTimeline({ file: sentence.file, durationMs: sentence.durationMs }, lines, lines.map(() => sentence));
    expect(planMp3Parts(timeline.sentences, timeline.durationMs, SR)).toHaveLength(2);
    // One WAV joined without ffmpeg, then: resample + limit + measure, two parts side by side, frame-level join.
    expectOnsets(await masterAndDecode(timeline, 4, 1), timeline.sentences);
  });

  it('should join parts of different rates with ffmpeg and keep their timings when they cannot be joined as they are', async () => {
    const chime = await burst('chime-44k.wav', 44100);
    const sentence = await burst('sentence-24k.wav', 24000);
    const lines = Array.from({ length: 5 }, () => ({ display: 'x', pauseBeforeMs: 500 }));
    const timeline = planSpeechTimeline(chime, lines, lines.map(() => sentence));
    // Chime and five sentences read by ffmpeg itself (join + measure), then gain + encode in one part.
    expectOnsets(await masterAndDecode(timeline, 2, 6), timeline.sentences);
  });
});
