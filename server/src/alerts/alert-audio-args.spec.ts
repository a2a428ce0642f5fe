import { alertEncodeArgs, alertGainDb, alertPrepareArgs } from './alert-audio-args';

describe('alertPrepareArgs', () => {
  it('should join files and silences, shape speech and measure loudness when preparing speech', () => {
    const args = alertPrepareArgs([{ kind: 'silence', durationMs: 300 }, { kind: 'file', path: '/tmp/a b.wav' }], '/tmp/out.wav', 22050, { shapeSpeech: true });
    expect(args.filter((_, i) => args[i - 1] === '-i')).toEqual(['file:/tmp/a b.wav']);
    const graph = args[args.indexOf('-filter_complex') + 1];
    expect(graph).toContain('anullsrc=r=22050:cl=mono,atrim=end_sample=6615');
    expect(graph).toContain('[0:a]aresample=22050');
    expect(graph).toContain('[p0][p1]concat=n=2:v=0:a=1,highpass=f=200,acompressor=');
    expect(graph).toContain('ebur128=peak=sample');
    expect(args.slice(-7)).toEqual(['-c:a', 'pcm_s16le', '-ac', '1', '-ar', '22050', 'file:/tmp/out.wav']);
  });
  it('should leave the tone unshaped', () => {
    const args = alertPrepareArgs([{ kind: 'file', path: '/t.wav' }], '/o.wav', 22050, { shapeSpeech: false });
    expect(args[args.indexOf('-filter_complex') + 1]).not.toContain('highpass');
  });
  it('should refuse an empty part list', () => {
    expect(() => alertPrepareArgs([], '/o.wav', 22050, { shapeSpeech: true })).toThrow(RangeError);
  });
});

describe('alertEncodeArgs', () => {
  it('should apply the gain, a linear peak ceiling and mono low-bitrate MP3 options', () => {
    const args = alertEncodeArgs('/in.wav', 9.876, -2.5, { sampleRate: 22050, bitrateKbps: 32 }, '/out.mp3');
    expect(args[args.indexOf('-af') + 1]).toBe('volume=9.88dB,alimiter=limit=0.7499:level=false');
    expect(args.slice(-11)).toEqual(['-ac', '1', '-ar', '22050', '-c:a', 'libmp3lame', '-b:a', '32k', '-compression_level', '7', 'file:/out.mp3']);
  });
  it('should refuse a non-finite gain', () => {
    expect(() => alertEncodeArgs('/in.wav', Number.NaN, -2, { sampleRate: 22050, bitrateKbps: 32 }, '/o.mp3')).toThrow(RangeError);
  });
});

describe('alertGainDb', () => {
  it('should be the difference to the target when measured', () => {
    expect(alertGainDb(-26.4, -16)).toBeCloseTo(10.4);
  });
  it('should apply no gain to silence and cap a huge gain', () => {
    expect(alertGainDb(-Infinity, -16)).toBe(0);
    expect(alertGainDb(-70, -16)).toBe(30);
  });
});
