import { aacEncodeArgs, frameGrabArgs, muxArgs, slideFrames, VideoStreamJob, videoStreamArgs } from './video-args';

function valueOf(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

const SLIDES: VideoStreamJob = {
  width: 1920,
  height: 1080,
  fps: 25,
  durationMs: 12_345,
  background: '#FFFFFF',
  assFile: 'segment.ass',
  fontsDir: 'fonts',
  frames: { kind: 'selected', frames: [0, 43, 50, 308] },
  h264: { preset: 'veryfast', tune: 'stillimage', crf: 20, gopFrames: 10, bFrames: 0 },
  overlay: { path: '/tmp/work dir/qr.png', x: 1602, y: 355 },
  outPath: "/tmp/work dir/it's video.mp4",
};

describe('videoStreamArgs', () => {
  it('should draw ASS over the background, overlay the QR code and encode only the selected frames as VFR stills', () => {
    const args = videoStreamArgs(SLIDES);
    expect(valueOf(args, '-filter_complex')).toBe(
      "color=c=0xFFFFFF:s=1920x1080:r=25:d=12.345,select='eq(n,0)+eq(n,43)+eq(n,50)+eq(n,308)'[bg];" +
        '[bg][0:v]overlay=x=1602:y=355:eof_action=repeat[base];' +
        '[base]ass=filename=segment.ass:fontsdir=fonts,format=yuv420p[v]',
    );
    expect(valueOf(args, '-i')).toBe('file:/tmp/work dir/qr.png');
    expect(valueOf(args, '-vsync')).toBe('vfr');
    expect(args).not.toContain('-r');
    expect(valueOf(args, '-c:v')).toBe('libx264');
    expect(valueOf(args, '-preset')).toBe('veryfast');
    expect(valueOf(args, '-tune')).toBe('stillimage');
    expect(valueOf(args, '-pix_fmt')).toBe('yuv420p');
    expect(valueOf(args, '-profile:v')).toBe('high');
    expect(valueOf(args, '-bf')).toBe('0');
    expect(valueOf(args, '-g')).toBe('10');
    expect(valueOf(args, '-t')).toBe('12.345');
    expect(args).not.toContain('-c:a');
    expect(args[args.length - 1]).toBe("file:/tmp/work dir/it's video.mp4"); // paths never enter the graph
  });

  it('should encode every frame at the panel rate without stills tuning when the plan is constant (ticker)', () => {
    const args = videoStreamArgs({ ...SLIDES, width: 1024, height: 64, background: '#000000', frames: { kind: 'constant' }, h264: { preset: 'veryfast', crf: 20, gopFrames: 50 }, overlay: undefined });
    expect(valueOf(args, '-filter_complex')).toBe('color=c=0x000000:s=1024x64:r=25:d=12.345[bg];[bg]ass=filename=segment.ass:fontsdir=fonts,format=yuv420p[v]');
    expect(valueOf(args, '-r')).toBe('25');
    expect(args).not.toContain('-vsync');
    expect(args).not.toContain('-tune');
    expect(args).not.toContain('-bf');
    expect(args).not.toContain('-i');
  });

  it('should refuse file names that a filter-graph parser could read as syntax', () => {
    for (const assFile of ['../x.ass', 'a:b.ass', "it's.ass", 'a,b', '/abs.ass', 'x[y]']) {
      expect(() => videoStreamArgs({ ...SLIDES, assFile })).toThrow(RangeError);
    }
    expect(() => videoStreamArgs({ ...SLIDES, fontsDir: 'fonts;movie=x' })).toThrow(RangeError);
    expect(() => videoStreamArgs({ ...SLIDES, background: 'white' })).toThrow(RangeError);
    expect(() => videoStreamArgs({ ...SLIDES, frames: { kind: 'selected', frames: [] } })).toThrow(RangeError);
    expect(() => videoStreamArgs({ ...SLIDES, frames: { kind: 'selected', frames: [1.5] } })).toThrow(RangeError);
  });
});

describe('slideFrames', () => {
  it('should keep the first and last frame, every change, and a frame at least every refresh interval', () => {
    // 10 s at 25 fps: frames 0–249; changes at 1.72 s and 4.3 s (→ frame 108); refresh every 4 s.
    expect(slideFrames([0, 1720, 4300, 11_000], 10_000, 25, 4000)).toEqual([0, 43, 100, 108, 200, 249]);
  });
});

describe('aacEncodeArgs / muxArgs / frameGrabArgs', () => {
  it('should turn stereo searches off for two channels and set rate, channels and bitrate', () => {
    expect(aacEncodeArgs({ sampleRate: 48_000, channels: 2, bitrateKbps: 128 })).toEqual(['-c:a', 'aac', '-b:a', '128k', '-aac_ms', '0', '-aac_is', '0', '-ar', '48000', '-ac', '2']);
    expect(aacEncodeArgs({ sampleRate: 48_000, channels: 1, bitrateKbps: 64 })).toEqual(['-c:a', 'aac', '-b:a', '64k', '-ar', '48000', '-ac', '1']);
  });

  it('should copy both streams into an MP4 with the moov atom first when muxing', () => {
    const args = muxArgs('/w/video.mp4', '/w/audio.m4a', '/w/segment.mp4');
    expect(valueOf(args, '-c')).toBe('copy');
    expect(valueOf(args, '-movflags')).toBe('+faststart');
    expect(args.filter((a) => a === '-map').length).toBe(2);
    expect(args.slice(-1)).toEqual(['file:/w/segment.mp4']);
  });

  it('should grab one frame as PNG, or as raw RGB for an .rgb file', () => {
    expect(frameGrabArgs('/w/s.mp4', 1500, '/w/f.png')).toEqual(['-hide_banner', '-nostdin', '-nostats', '-y', '-ss', '1.500', '-i', 'file:/w/s.mp4', '-frames:v', '1', 'file:/w/f.png']);
    const raw = frameGrabArgs('/w/s.mp4', 1500, '/w/f.rgb');
    expect(valueOf(raw, '-f')).toBe('rawvideo');
    expect(valueOf(raw, '-pix_fmt')).toBe('rgb24');
  });
});
