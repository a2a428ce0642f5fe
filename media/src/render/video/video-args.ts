/**
 * Pure ffmpeg argument builders for video segments. Filter graphs hold only numbers, colours and two
 * fixed relative names (the ASS file and the fonts folder, resolved against the run's cwd): no user text and
 * no caller-chosen path ever needs filter-graph escaping. Input and output paths are separate `file:` arguments.
 */

export interface H264Settings {
  preset: 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium';
  /** 'stillimage' for slides: spends bits on sharp text edges, none on motion. */
  tune?: 'stillimage';
  crf: number;
  /** Keyframe interval in frames (seeking and joining a loop mid-way). */
  gopFrames: number;
  /**
   * Consecutive B-frames allowed (x264's default when omitted). Variable-rate slides need 0: with B-frames
   * the decode-order timestamps of sparse frames go negative and the MP4 edit list cuts the last frame.
   */
  bFrames?: number;
}

export interface AacSettings {
  sampleRate: number;
  channels: 1 | 2;
  bitrateKbps: number;
}

/** Which source frames are encoded: all of them (constant rate), or only the listed ones (variable rate). */
export type FramePlan = { kind: 'constant' } | { kind: 'selected'; frames: number[] };

export interface VideoStreamJob {
  width: number;
  height: number;
  /** Rate of the frame grid; with selected frames, only their timestamps lie on it. */
  fps: number;
  durationMs: number;
  /** '#RRGGBB' of the plain background the ASS draws on. */
  background: string;
  /** Relative to the run's cwd. */
  assFile: string;
  /** Relative to the run's cwd: the folder libass loads fonts from. */
  fontsDir: string;
  frames: FramePlan;
  h264: H264Settings;
  /** A still image (the QR code PNG) laid over the background at x, y. */
  overlay?: { path: string; x: number; y: number };
  outPath: string;
}

const COMMON = ['-hide_banner', '-nostdin', '-nostats', '-y'];
/** A bare file name: nothing a filter-graph parser would read as syntax. */
const SAFE_RELATIVE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const HEX_COLOUR = /^#([0-9A-Fa-f]{6})$/;

/**
 * The picture alone: background → (QR overlay) → ASS → H.264 yuv420p, cut to the segment's length. With
 * selected frames, frames are dropped before libass draws them and the rest keep their timestamps (variable
 * frame rate): a still slide costs one frame, not one per tick.
 */
export function videoStreamArgs(job: VideoStreamJob): string[] {
  const { width, height, fps, h264 } = job;
  const colour = HEX_COLOUR.exec(job.background);
  if (!colour) throw new RangeError(`not a #RRGGBB colour: ${job.background}`);
  const duration = seconds(job.durationMs);
  let source = `color=c=0x${colour[1]}:s=${int(width)}x${int(height)}:r=${int(fps)}:d=${duration}`;
  if (job.frames.kind === 'selected') {
    if (job.frames.frames.length === 0) throw new RangeError('no frames selected');
    source += `,select='${job.frames.frames.map((n) => `eq(n,${int(n)})`).join('+')}'`;
  }
  const inputs: string[] = [];
  const chains = [`${source}[bg]`];
  let base = '[bg]';
  if (job.overlay) {
    inputs.push('-i', fileArg(job.overlay.path));
    chains.push(`${base}[0:v]overlay=x=${int(job.overlay.x)}:y=${int(job.overlay.y)}:eof_action=repeat[base]`);
    base = '[base]';
  }
  chains.push(`${base}ass=filename=${safeName(job.assFile)}:fontsdir=${safeName(job.fontsDir)},format=yuv420p[v]`);
  return [
    ...COMMON,
    ...inputs,
    '-filter_complex',
    chains.join(';'),
    '-map',
    '[v]',
    ...(job.frames.kind === 'selected' ? ['-vsync', 'vfr'] : ['-r', int(fps)]),
    '-c:v',
    'libx264',
    '-preset',
    h264.preset,
    ...(h264.tune ? ['-tune', h264.tune] : []),
    '-crf',
    int(h264.crf),
    '-profile:v',
    'high',
    '-pix_fmt',
    'yuv420p',
    '-g',
    int(h264.gopFrames),
    ...(h264.bFrames === undefined ? [] : ['-bf', int(h264.bFrames)]),
    // ffmpeg's drawing filters convert colours with BT.601, so say so (players assume BT.709 for HD otherwise).
    '-colorspace',
    'smpte170m',
    '-color_primaries',
    'smpte170m',
    '-color_trc',
    'smpte170m',
    '-t',
    duration,
    fileArg(job.outPath),
  ];
}

/**
 * The frames of a slide video: one at every change of picture, one at least every `refreshMs` (so no player
 * holds a frame for long), and the last one, so the picture lasts as long as the sound.
 */
export function slideFrames(changesMs: number[], durationMs: number, fps: number, refreshMs: number): number[] {
  const frameMs = 1000 / fps;
  const last = Math.max(0, Math.ceil(durationMs / frameMs) - 1);
  const frames = new Set<number>([0, last]);
  for (const ms of changesMs) {
    const n = Math.round(ms / frameMs);
    if (n >= 0 && n <= last) frames.add(n);
  }
  const every = Math.max(1, Math.round(refreshMs / frameMs));
  for (let n = every; n < last; n += every) frames.add(n);
  return [...frames].sort((a, b) => a - b);
}

/**
 * AAC output options (for loudnormApplyArgs). Mono speech spread to two channels keeps its loudness (−3 dB
 * each). The encoder's mid/side and intensity-stereo searches are off: on two identical channels they only
 * cost time (they took ~40 % of the encode).
 */
export function aacEncodeArgs(aac: AacSettings): string[] {
  const stereoSearch = aac.channels === 2 ? ['-aac_ms', '0', '-aac_is', '0'] : [];
  return ['-c:a', 'aac', '-b:a', `${int(aac.bitrateKbps)}k`, ...stereoSearch, '-ar', int(aac.sampleRate), '-ac', int(aac.channels)];
}

/** Puts the picture and the sound in one MP4 without re-encoding, moov atom first for progressive playback. */
export function muxArgs(videoPath: string, audioPath: string, outPath: string): string[] {
  return [
    ...COMMON,
    '-i',
    fileArg(videoPath),
    '-i',
    fileArg(audioPath),
    '-map',
    '0:v:0',
    '-map',
    '1:a:0',
    '-c',
    'copy',
    '-movflags',
    '+faststart',
    fileArg(outPath),
  ];
}

/** One frame at `atMs` as PNG, or as raw RGB24 bytes when the output ends in `.rgb` (for pixel checks). */
export function frameGrabArgs(inputPath: string, atMs: number, outPath: string): string[] {
  const raw = outPath.endsWith('.rgb') ? ['-f', 'rawvideo', '-pix_fmt', 'rgb24'] : [];
  return [...COMMON, '-ss', seconds(atMs), '-i', fileArg(inputPath), '-frames:v', '1', ...raw, fileArg(outPath)];
}

function safeName(name: string): string {
  if (!SAFE_RELATIVE.test(name)) throw new RangeError(`not a plain relative file name: ${name}`);
  return name;
}

function fileArg(path: string): string {
  return `file:${path}`;
}

function int(value: number): string {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`not a non-negative integer: ${value}`);
  return String(value);
}

function seconds(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`not a valid duration: ${ms}`);
  return (ms / 1000).toFixed(3);
}
