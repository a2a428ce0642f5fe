import { mkdtemp, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { createFfmpegRunner } from '../../ffmpeg/ffmpeg-runner';
import { ProbeResult } from '../../ffmpeg/probe-result';
import { classifyRecording, DEFAULT_RECORDING_LIMITS, probeRecording, RecordingFormat } from './probe-recording';
import { hasEncoder, noiseFile } from './testing/test-audio';

const LIMITS = DEFAULT_RECORDING_LIMITS;

function probeOf(formatName: string, codecName: string, durationMs = 2000, codecType = 'audio'): ProbeResult {
  return { formatName, durationMs, streams: [{ index: 0, codecType, codecName, sampleRate: 8000, channels: 1 }] };
}

describe('classifyRecording', () => {
  it.each([
    ['mp3', 'mp3', 'mp3'],
    ['wav', 'pcm_s16le', 'wav'],
    ['wav', 'pcm_alaw', 'wav'],
    ['mov,mp4,m4a,3gp,3g2,mj2', 'aac', 'm4a'],
    ['mov,mp4,m4a,3gp,3g2,mj2', 'amr_nb', 'm4a'],
    ['aac', 'aac', 'aac'],
    ['amr', 'amr_nb', 'amr'],
    ['amr', 'amr_wb', 'amr'],
    ['ogg', 'opus', 'ogg'],
    ['ogg', 'vorbis', 'ogg'],
  ])('should accept %s with %s as %s', (formatName, codec, format) => {
    expect(classifyRecording(probeOf(formatName, codec), 1234, LIMITS)).toEqual({
      format: format as RecordingFormat,
      codec,
      durationMs: 2000,
      size: 1234,
      sampleRate: 8000,
      channels: 1,
    });
  });

  it('should take the audio stream when an MP3 carries cover art', () => {
    const probe: ProbeResult = {
      formatName: 'mp3',
      durationMs: 5000,
      streams: [
        { index: 0, codecType: 'video', codecName: 'mjpeg' },
        { index: 1, codecType: 'audio', codecName: 'mp3', sampleRate: 44100, channels: 2 },
      ],
    };
    expect(classifyRecording(probe, 1, LIMITS)).toMatchObject({ format: 'mp3', channels: 2, sampleRate: 44100 });
  });

  it('should refuse a file without an audio stream as RECORDING_NOT_AUDIO', () => {
    expect(() => classifyRecording(probeOf('mov,mp4,m4a,3gp,3g2,mj2', 'h264', 1000, 'video'), 1, LIMITS)).toThrow(
      expect.objectContaining({
        code: 'RECORDING_NOT_AUDIO',
        retryable: false,
        message: '上传的文件不是可用的录音：文件中没有音频。请上传 mp3、wav、m4a/aac、amr、ogg/opus 格式的音频',
      }),
    );
  });

  it.each([
    ['flac', 'flac'],
    ['matroska,webm', 'opus'],
    ['ogg', 'flac'],
    ['wav', 'mp3'],
  ])('should refuse %s with %s as an unsupported format', (formatName, codec) => {
    expect(() => classifyRecording(probeOf(formatName, codec), 1, LIMITS)).toThrow(
      expect.objectContaining({ code: 'RECORDING_NOT_AUDIO', message: expect.stringContaining(`不支持的格式（${formatName}，${codec}）`) }),
    );
  });

  it('should refuse a recording of zero length', () => {
    expect(() => classifyRecording(probeOf('mp3', 'mp3', 0), 1, LIMITS)).toThrow(expect.objectContaining({ code: 'RECORDING_NOT_AUDIO', message: expect.stringContaining('录音时长为零') }));
  });

  it('should refuse a recording longer than the limit and accept one exactly at it', () => {
    const limits = { ...LIMITS, maxDurationMs: 30 * 60_000 };
    expect(classifyRecording(probeOf('mp3', 'mp3', 30 * 60_000), 1, limits).durationMs).toBe(1_800_000);
    expect(() => classifyRecording(probeOf('mp3', 'mp3', 31 * 60_000 + 30_000), 1, limits)).toThrow(
      expect.objectContaining({ code: 'RECORDING_TOO_LONG', message: '录音时长 31.5 分钟，超过上限 30 分钟，请剪短后再上传' }),
    );
  });
});

describe('probeRecording (real ffprobe)', () => {
  const runner = createFfmpegRunner();
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'probe-recording-'));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  const formats: Array<{ name: string; encoder: string; rate: number; output: string[]; format: RecordingFormat; codec: string }> = [
    { name: 'a.wav', encoder: 'pcm_s16le', rate: 44100, output: ['-c:a', 'pcm_s16le'], format: 'wav', codec: 'pcm_s16le' },
    { name: 'a.mp3', encoder: 'libmp3lame', rate: 44100, output: ['-c:a', 'libmp3lame', '-b:a', '64k'], format: 'mp3', codec: 'mp3' },
    { name: 'a.m4a', encoder: 'aac', rate: 44100, output: ['-c:a', 'aac', '-b:a', '64k'], format: 'm4a', codec: 'aac' },
    { name: 'a.aac', encoder: 'aac', rate: 44100, output: ['-c:a', 'aac', '-b:a', '64k', '-f', 'adts'], format: 'aac', codec: 'aac' },
    { name: 'a.amr', encoder: 'libopencore_amrnb', rate: 8000, output: ['-c:a', 'libopencore_amrnb', '-b:a', '12.2k'], format: 'amr', codec: 'amr_nb' },
    { name: 'wb.amr', encoder: 'libvo_amrwbenc', rate: 16000, output: ['-c:a', 'libvo_amrwbenc', '-b:a', '23.85k'], format: 'amr', codec: 'amr_wb' },
    { name: 'a.opus', encoder: 'libopus', rate: 48000, output: ['-c:a', 'libopus', '-b:a', '32k', '-f', 'ogg'], format: 'ogg', codec: 'opus' },
    { name: 'a.ogg', encoder: 'libvorbis', rate: 44100, output: ['-c:a', 'libvorbis'], format: 'ogg', codec: 'vorbis' },
  ];

  for (const f of formats) {
    (hasEncoder(f.encoder) ? it : it.skip)(`should accept ${f.name} as ${f.format}/${f.codec} with its length`, async () => {
      const file = join(dir, f.name);
      await noiseFile(runner, file, 2, f.rate, f.output);
      const info = await probeRecording(runner, file);
      expect(info).toMatchObject({ format: f.format, codec: f.codec, channels: 1 });
      expect(Math.abs(info.durationMs - 2000)).toBeLessThanOrEqual(120); // compressed formats pad a frame or two
    });
  }

  it('should refuse text pretending to be audio as RECORDING_NOT_AUDIO', async () => {
    const file = join(dir, 'notice.mp3');
    await writeFile(file, '关于开展秋季防火安全检查的通知\n'.repeat(200));
    await expect(probeRecording(runner, file)).rejects.toMatchObject({ code: 'RECORDING_NOT_AUDIO', retryable: false });
  });

  (hasEncoder('libx264') ? it : it.skip)('should refuse a video without sound as RECORDING_NOT_AUDIO', async () => {
    const file = join(dir, 'silent-video.mp4');
    await runner.run(['-hide_banner', '-nostdin', '-y', '-f', 'lavfi', '-i', 'testsrc=d=1:s=64x64', '-c:v', 'libx264', `file:${file}`]);
    await expect(probeRecording(runner, file)).rejects.toMatchObject({ code: 'RECORDING_NOT_AUDIO', message: expect.stringContaining('文件中没有音频') });
  });

  it('should refuse an empty file without running ffprobe', async () => {
    const file = join(dir, 'empty.wav');
    await writeFile(file, '');
    const before = runner.processCount;
    await expect(probeRecording(runner, file)).rejects.toMatchObject({ code: 'RECORDING_NOT_AUDIO', message: expect.stringContaining('文件是空的') });
    expect(runner.processCount).toBe(before);
  });

  it('should refuse a file over the size limit without running ffprobe', async () => {
    const file = join(dir, 'big.wav');
    await noiseFile(runner, file, 1, 44100, ['-c:a', 'pcm_s16le']);
    const before = runner.processCount;
    await expect(probeRecording(runner, file, { maxBytes: 50 * 1024, maxDurationMs: 60_000 })).rejects.toMatchObject({
      code: 'RECORDING_TOO_LARGE',
      message: '录音文件 87 KB，超过上限 50 KB，请压缩或剪短后再上传',
    });
    expect(runner.processCount).toBe(before);
  });

  it('should state sizes in MB when refusing a file of megabytes', async () => {
    const file = join(dir, 'big.amr');
    await writeFile(file, Buffer.alloc(2 * 1024 * 1024 + 1));
    await expect(probeRecording(runner, file, { maxBytes: 1024 * 1024, maxDurationMs: 60_000 })).rejects.toMatchObject({
      code: 'RECORDING_TOO_LARGE',
      message: '录音文件 2 MB，超过上限 1 MB，请压缩或剪短后再上传',
    });
  });

  it('should refuse a recording longer than the limit as RECORDING_TOO_LONG', async () => {
    const file = join(dir, 'long.mp3');
    await noiseFile(runner, file, 3, 22050, ['-c:a', 'libmp3lame']);
    await expect(probeRecording(runner, file, { maxBytes: 1024 * 1024, maxDurationMs: 2000 })).rejects.toMatchObject({ code: 'RECORDING_TOO_LONG' });
  });
});
