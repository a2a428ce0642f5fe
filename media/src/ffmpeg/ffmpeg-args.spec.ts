import {
  alertToneArgs,
  chimeArgs,
  concatArgs,
  ebur128Args,
  gainArgs,
  loudnormApplyArgs,
  loudnormMeasureArgs,
  MP3_BARE,
  MP3_FAST,
  mp3EncodeArgs,
  mp3JoinArgs,
  probeArgs,
  silenceSource,
} from './ffmpeg-args';

/** The value following a flag, e.g. valueOf(args, '-c:a'). */
function valueOf(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

const TARGET = { integratedLufs: -16, truePeakDb: -1.5, lra: 20 };
const MEASURED = { inputI: -21.57, inputTp: -9.04, inputLra: 1.3, inputThresh: -31.6, targetOffset: 0.12 };

describe('tone builders', () => {
  it('should synthesise the chime with aevalsrc, fades and mono PCM output when building chime args', () => {
    const args = chimeArgs('/tmp/t/chime.wav', 44100);
    const graph = valueOf(args, '-filter_complex') ?? '';
    expect(graph).toMatch(/^aevalsrc='.*':s=44100:d=1\.200,/);
    expect(graph.match(/sin\(2\*PI\*/g)).toHaveLength(3); // three notes
    expect(graph).toContain('afade=t=in');
    expect(graph).toContain('afade=t=out:st=0.900:d=0.300');
    expect(valueOf(args, '-c:a')).toBe('pcm_s16le');
    expect(valueOf(args, '-ac')).toBe('1');
    expect(valueOf(args, '-ar')).toBe('44100');
    expect(args[args.length - 1]).toBe('file:/tmp/t/chime.wav');
    expect(args).not.toContain('-i'); // generated, never read from a file
  });

  it('should build a 3 s alternating two-tone alert distinct from the chime', () => {
    const graph = valueOf(alertToneArgs('/tmp/a.wav', 48000), '-filter_complex') ?? '';
    expect(graph).toMatch(/:s=48000:d=3\.000,/);
    expect(graph).toContain('960');
    expect(graph).toContain('770');
    expect(graph).not.toEqual(valueOf(chimeArgs('/tmp/a.wav', 48000), '-filter_complex'));
  });

  it('should trim generated silence to an exact sample count', () => {
    expect(silenceSource(350, 44100)).toBe('anullsrc=r=44100:cl=mono,atrim=end_sample=15435');
  });
});

describe('concatArgs', () => {
  const parts = [
    { kind: 'file' as const, path: '/w/chime.wav' },
    { kind: 'silence' as const, durationMs: 500 },
    { kind: 'file' as const, path: '/w/s1.wav' },
  ];

  it('should map file inputs in order and silences inside the graph when concatenating', () => {
    const args = concatArgs(parts, '/w/out.wav', 44100);
    expect(args.filter((a) => a === '-i')).toHaveLength(2);
    expect(args.filter((_, i) => args[i - 1] === '-i')).toEqual(['file:/w/chime.wav', 'file:/w/s1.wav']);
    const graph = valueOf(args, '-filter_complex') ?? '';
    expect(graph).toContain('[0:a]aresample=44100,');
    expect(graph).toContain('[1:a]aresample=44100,');
    expect(graph).toContain('atrim=end_sample=22050');
    expect(graph).toContain('[p0][p1][p2]concat=n=3:v=0:a=1[out]');
    expect(valueOf(args, '-map')).toBe('[out]');
    expect(valueOf(args, '-ac')).toBe('1');
    expect(valueOf(args, '-c:a')).toBe('pcm_s16le');
  });

  it('should add a limiter at the given ceiling when a peak limit is requested', () => {
    const graph = valueOf(concatArgs(parts, '/w/out.wav', 44100, { peakLimitDb: -9 }), '-filter_complex') ?? '';
    expect(graph).toContain('concat=n=3:v=0:a=1,alimiter=limit=0.3548:level=false[out]');
  });

  it('should reject an empty part list', () => {
    expect(() => concatArgs([], '/w/out.wav', 44100)).toThrow(RangeError);
  });

  it('should measure loudness and sample peak after the limiter in the same run when asked to', () => {
    const graph = valueOf(concatArgs(parts, '/w/out.wav', 44100, { peakLimitDb: -9, measure: true }), '-filter_complex') ?? '';
    expect(graph).toContain('concat=n=3:v=0:a=1,alimiter=limit=0.3548:level=false,ebur128=peak=sample:framelog=verbose[out]');
  });
});

describe('gainArgs', () => {
  it('should apply the gain alone and then the output options when no limiter is needed', () => {
    const args = gainArgs('/w/j.wav', { gainDb: 5.6 }, mp3EncodeArgs({ sampleRate: 44100, bitrateKbps: 64 }), '/w/o.mp3');
    expect(valueOf(args, '-i')).toBe('file:/w/j.wav');
    expect(valueOf(args, '-af')).toBe('volume=5.60dB');
    expect(valueOf(args, '-c:a')).toBe('libmp3lame');
    expect(args[args.length - 1]).toBe('file:/w/o.mp3');
  });

  it('should trim to the sample range, restart timestamps, and limit after the gain when asked', () => {
    const args = gainArgs('/w/j.wav', { gainDb: -2.4, limitDb: -3 }, [], '/w/o.m4a', { startSample: 1152, endSample: 4032 });
    expect(valueOf(args, '-af')).toBe('atrim=start_sample=1152:end_sample=4032,asetpts=N/SR/TB,volume=-2.40dB,alimiter=limit=0.7079:level=false');
    expect(valueOf(gainArgs('/w/j.wav', { gainDb: 0 }, [], '/w/o', { startSample: 10 }), '-af')).toBe('atrim=start_sample=10,asetpts=N/SR/TB,volume=0.00dB');
  });

  it('should refuse a gain that is not finite', () => {
    expect(() => gainArgs('/w/j.wav', { gainDb: Number.NaN }, [], '/w/o.mp3')).toThrow(RangeError);
  });
});

describe('MP3 parts', () => {
  it('should encode fast and leave headers out of parts that are appended', () => {
    expect(MP3_FAST).toEqual(['-compression_level', '7']);
    expect(MP3_BARE).toEqual(['-write_xing', '0', '-id3v2_version', '0']);
  });

  it('should join the parts by plain relative names through the concat protocol without re-encoding', () => {
    const args = mp3JoinArgs(['part-0.mp3', 'part-1.mp3'], '/w/speech.mp3');
    expect(valueOf(args, '-i')).toBe('concat:part-0.mp3|part-1.mp3');
    expect(valueOf(args, '-c')).toBe('copy');
    expect(args[args.length - 1]).toBe('file:/w/speech.mp3');
  });

  it('should refuse a part name that the protocol could read as syntax or a path', () => {
    for (const name of ['a|b.mp3', '../x.mp3', '/abs.mp3', 'file:x.mp3', '']) expect(() => mp3JoinArgs([name], '/w/o.mp3')).toThrow(RangeError);
    expect(() => mp3JoinArgs([], '/w/o.mp3')).toThrow(RangeError);
  });
});

describe('loudness builders', () => {
  it('should analyse only with print_format=json when building the first loudnorm pass', () => {
    const args = loudnormMeasureArgs('/w/in.wav', TARGET);
    expect(valueOf(args, '-af')).toBe('loudnorm=I=-16.0:TP=-1.5:LRA=20.0:print_format=json');
    expect(args.slice(-3)).toEqual(['-f', 'null', '-']);
  });

  it('should pass measured values, linear=true and resample back when building the second pass', () => {
    const args = loudnormApplyArgs('/w/in.wav', TARGET, MEASURED, mp3EncodeArgs({ sampleRate: 44100, bitrateKbps: 64 }), '/w/o.mp3');
    expect(valueOf(args, '-af')).toBe(
      'loudnorm=I=-16.0:TP=-1.5:LRA=20.0:measured_I=-21.57:measured_TP=-9.04:measured_LRA=1.30' +
        ':measured_thresh=-31.60:offset=0.12:linear=true:print_format=json',
    );
    expect(valueOf(args, '-ar')).toBe('44100');
    expect(args[args.length - 1]).toBe('file:/w/o.mp3');
  });

  it('should refuse a non-finite measurement such as the -inf of silence', () => {
    expect(() => loudnormApplyArgs('/w/in.wav', TARGET, { ...MEASURED, inputI: -Infinity }, [], '/w/o.mp3')).toThrow(RangeError);
  });

  it('should encode mono 44.1 kHz MP3 at the profile bitrate', () => {
    expect(mp3EncodeArgs({ sampleRate: 44100, bitrateKbps: 64 })).toEqual(['-ac', '1', '-ar', '44100', '-c:a', 'libmp3lame', '-b:a', '64k']);
  });

  it('should measure EBU R128 with true peak into the null muxer', () => {
    const args = ebur128Args('/w/o.mp3');
    expect(valueOf(args, '-af')).toBe('ebur128=peak=true:framelog=verbose');
    expect(args.slice(-3)).toEqual(['-f', 'null', '-']);
  });

  it('should ask ffprobe for JSON format and streams', () => {
    expect(probeArgs('/w/o.mp3')).toEqual(['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', 'file:/w/o.mp3']);
  });
});

describe('user text safety', () => {
  it('should never put file names into filter strings nor let a path read as an option', () => {
    const hostile = "/w/-y ;rm -rf ',[0:a]concat 通知.wav";
    const all = [
      chimeArgs(hostile, 44100),
      alertToneArgs(hostile, 44100),
      concatArgs([{ kind: 'file', path: hostile }, { kind: 'silence', durationMs: 100 }], hostile, 44100),
      loudnormMeasureArgs(hostile, TARGET),
      loudnormApplyArgs(hostile, TARGET, MEASURED, mp3EncodeArgs({ sampleRate: 44100, bitrateKbps: 64 }), hostile),
      ebur128Args(hostile),
      gainArgs(hostile, { gainDb: 1, limitDb: -3 }, [], hostile, { startSample: 0, endSample: 10 }),
      probeArgs(hostile),
    ];
    for (const args of all) {
      const others = args.filter((arg) => arg !== `file:${hostile}`);
      expect(others.length).toBeLessThan(args.length); // the path is there, as one whole argument
      for (const arg of others) {
        expect(arg).not.toContain('通知');
        expect(arg).not.toContain('rm -rf');
      }
    }
  });
});
