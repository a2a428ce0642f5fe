import { mkdtemp, readFile, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { wavDurationMs } from '../tts/wav-duration';
import { commonSampleRate, joinPcmWavs, pcmWavHeader, readPcmWav } from './pcm-join';

const MONO_22K = { sampleRate: 22050, channels: 1, bitsPerSample: 16 };

function wav(format: typeof MONO_22K, samples: number[]): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((v, i) => data.writeInt16LE(v, i * 2));
  return Buffer.concat([pcmWavHeader(format, data.length), data]);
}

describe('readPcmWav', () => {
  it('should read the format and the samples of a PCM WAV, skipping chunks before the data', () => {
    const plain = wav(MONO_22K, [1, -2, 3]);
    expect(readPcmWav(plain)).toEqual({ format: MONO_22K, data: plain.subarray(44) });
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([4, 0, 0, 0]), Buffer.from('INFO')]);
    const withList = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
    withList.writeUInt32LE(withList.length - 8, 4);
    expect(readPcmWav(withList)?.data).toEqual(plain.subarray(44));
  });

  it('should take the bytes present, in whole samples, when the data size overruns the file', () => {
    const streamed = Buffer.concat([wav(MONO_22K, [5, 6]), Buffer.from([7])]);
    streamed.writeUInt32LE(0x7fffffff, 40);
    expect(readPcmWav(streamed)?.data).toEqual(Buffer.from([5, 0, 6, 0]));
  });

  it('should refuse what is not integer PCM', () => {
    const float = wav(MONO_22K, [1]);
    float.writeUInt16LE(3, 20); // IEEE float
    expect(readPcmWav(float)).toBeUndefined();
    expect(readPcmWav(Buffer.from('not a wav at all'))).toBeUndefined();
  });
});

describe('joinPcmWavs / commonSampleRate', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pcm-join-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('should join files and exact silences in order into one WAV of the shared format', async () => {
    await writeFile(join(dir, 'a.wav'), wav(MONO_22K, [100, 200]));
    await writeFile(join(dir, 'b.wav'), wav(MONO_22K, [-300]));
    const out = join(dir, 'out.wav');
    const format = await joinPcmWavs(
      [
        { kind: 'file', path: join(dir, 'a.wav') },
        { kind: 'silence', durationMs: 0.1 }, // 2.205 samples → 2
        { kind: 'file', path: join(dir, 'b.wav') },
        { kind: 'file', path: join(dir, 'a.wav') },
      ],
      out,
    );
    expect(format).toEqual(MONO_22K);
    const joined = readPcmWav(await readFile(out));
    expect(joined?.format).toEqual(MONO_22K);
    const data = joined?.data ?? Buffer.alloc(0);
    expect(Array.from({ length: data.length / 2 }, (_, i) => data.readInt16LE(i * 2))).toEqual([100, 200, 0, 0, -300, 100, 200]);
    expect(wavDurationMs(await readFile(out))).toBeCloseTo((7 / 22050) * 1000, 6);
    expect(await commonSampleRate([join(dir, 'a.wav'), join(dir, 'b.wav')])).toBe(22050);
  });

  it('should write nothing and report undefined when the files differ in format', async () => {
    await writeFile(join(dir, 'a.wav'), wav(MONO_22K, [1]));
    await writeFile(join(dir, 'b.wav'), wav({ ...MONO_22K, sampleRate: 44100 }, [1]));
    const parts = [join(dir, 'a.wav'), join(dir, 'b.wav')].map((path) => ({ kind: 'file' as const, path }));
    expect(await joinPcmWavs(parts, join(dir, 'out.wav'))).toBeUndefined();
    await expect(readFile(join(dir, 'out.wav'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await commonSampleRate(parts.map((p) => p.path))).toBeUndefined();
  });
});
