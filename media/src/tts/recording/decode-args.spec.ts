import { decodeToWavArgs } from './decode-args';

describe('decodeToWavArgs', () => {
  it('should decode the first audio stream to mono 16-bit WAV at the rate when given paths', () => {
    expect(decodeToWavArgs('/in/a b.amr', '/out/-x.wav', 24000)).toEqual([
      '-hide_banner', '-nostdin', '-nostats', '-y',
      '-i', 'file:/in/a b.amr',
      '-map', '0:a:0', '-vn', '-sn', '-dn',
      '-c:a', 'pcm_s16le', '-ac', '1', '-ar', '24000',
      'file:/out/-x.wav',
    ]);
  });

  it('should apply the gain, then a limiter at the ceiling, when a level is given', () => {
    const args = decodeToWavArgs('/in/yi.m4a', '/out/yi.wav', 44100, { gainDb: 12.345, peakLimitDb: -9 });
    expect(args.slice(args.indexOf('-af'), args.indexOf('-af') + 2)).toEqual(['-af', 'volume=12.35dB,alimiter=limit=0.3548:level=false']);
    expect(args.indexOf('-af')).toBeLessThan(args.indexOf('file:/out/yi.wav'));
  });

  it('should reject a sample rate that is not a positive integer and a level that is not finite', () => {
    expect(() => decodeToWavArgs('a', 'b', 0)).toThrow(RangeError);
    expect(() => decodeToWavArgs('a', 'b', 22050.5)).toThrow(RangeError);
    expect(() => decodeToWavArgs('a', 'b', 8000, { gainDb: Number.POSITIVE_INFINITY, peakLimitDb: -9 })).toThrow(RangeError);
  });
});
