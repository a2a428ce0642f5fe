import { wavDurationMs } from './wav-duration';

/** A PCM WAV: RIFF header, optional extra chunk, fmt, data. */
function wav(opts: { sampleRate: number; channels: number; dataBytes: number; declaredDataBytes?: number; extraChunk?: boolean }): Buffer {
  const fmt = Buffer.alloc(8 + 16);
  fmt.write('fmt ', 0, 'ascii');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8);
  fmt.writeUInt16LE(opts.channels, 10);
  fmt.writeUInt32LE(opts.sampleRate, 12);
  fmt.writeUInt32LE(opts.sampleRate * opts.channels * 2, 16);
  fmt.writeUInt16LE(opts.channels * 2, 20);
  fmt.writeUInt16LE(16, 22);
  const extra = Buffer.alloc(opts.extraChunk ? 8 + 3 + 1 : 0); // odd-sized chunk plus its pad byte
  if (opts.extraChunk) {
    extra.write('LIST', 0, 'ascii');
    extra.writeUInt32LE(3, 4);
  }
  const dataHeader = Buffer.alloc(8);
  dataHeader.write('data', 0, 'ascii');
  dataHeader.writeUInt32LE(opts.declaredDataBytes ?? opts.dataBytes, 4);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'ascii');
  riff.write('WAVE', 8, 'ascii');
  return Buffer.concat([riff, extra, fmt, dataHeader, Buffer.alloc(opts.dataBytes)]);
}

describe('wavDurationMs', () => {
  it('should compute the exact duration from byte rate and data size when reading espeak output', () => {
    expect(wavDurationMs(wav({ sampleRate: 22050, channels: 1, dataBytes: 44100 }))).toBe(1000);
    expect(wavDurationMs(wav({ sampleRate: 22050, channels: 1, dataBytes: 441 }))).toBe(10);
  });

  it('should skip unknown chunks including their pad byte', () => {
    expect(wavDurationMs(wav({ sampleRate: 44100, channels: 2, dataBytes: 176400, extraChunk: true }))).toBe(1000);
  });

  it('should count the bytes present when the declared data size overruns the file', () => {
    expect(wavDurationMs(wav({ sampleRate: 8000, channels: 1, dataBytes: 8000, declaredDataBytes: 0x7ffff000 }))).toBe(500);
  });

  it('should throw WAV_INVALID when the buffer is not a WAV', () => {
    expect(() => wavDurationMs(Buffer.from('ID3\u0004 not a wav at all'))).toThrow(expect.objectContaining({ code: 'WAV_INVALID' }));
    const noData = wav({ sampleRate: 8000, channels: 1, dataBytes: 0 }).subarray(0, 36);
    expect(() => wavDurationMs(noData)).toThrow(expect.objectContaining({ code: 'WAV_INVALID' }));
  });
});
