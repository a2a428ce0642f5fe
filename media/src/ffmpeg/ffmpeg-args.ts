/**
 * Pure builders of ffmpeg/ffprobe argument arrays. Nothing here runs a process, and no user-supplied text is
 * ever put into an argument: filter strings carry only numbers we format ourselves, and file paths are passed
 * as separate `file:` arguments (so a path can never be read as an option or another protocol).
 */

const COMMON = ['-hide_banner', '-nostdin', '-nostats', '-y'];
/** Internal working format: mono signed 16-bit PCM WAV. */
const PCM_OUT = ['-c:a', 'pcm_s16le', '-ac', '1'];

export const CHIME_DURATION_MS = 1200;
export const ALERT_TONE_DURATION_MS = 3000;

export interface LoudnessTarget {
  integratedLufs: number;
  truePeakDb: number;
  /** Loudness range target; generous so loudnorm can stay linear on speech with pauses. */
  lra: number;
}

export interface LoudnormMeasurement {
  inputI: number;
  inputTp: number;
  inputLra: number;
  inputThresh: number;
  targetOffset: number;
}

export type ConcatPart = { kind: 'file'; path: string } | { kind: 'silence'; durationMs: number };

export interface Mp3Encoding {
  sampleRate: number;
  bitrateKbps: number;
}

function fileArg(path: string): string {
  return `file:${path}`;
}

function num(value: number, digits = 2): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return value.toFixed(digits);
}

function int(value: number): string {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`not a non-negative integer: ${value}`);
  return String(value);
}

function seconds(ms: number): string {
  return num(ms / 1000, 3);
}

/** A decaying bell-like note (fundamental plus a soft octave) starting at t0 seconds. */
function bellNote(freqHz: number, t0: number, amplitude: number): string {
  const dt = `(t-${num(t0, 3)})`;
  return `${num(amplitude)}*gte(t,${num(t0, 3)})*exp(-4*${dt})*(sin(2*PI*${num(freqHz)}*${dt})+0.25*sin(4*PI*${num(freqHz)}*${dt}))`;
}

/** Generated source → mono PCM WAV with short fades so it starts and ends without a click. */
function toneArgs(expression: string, durationMs: number, sampleRate: number, outPath: string): string[] {
  const fadeOutMs = 300;
  const graph =
    `aevalsrc='${expression}':s=${int(sampleRate)}:d=${seconds(durationMs)},` +
    `afade=t=in:d=0.005,afade=t=out:st=${seconds(durationMs - fadeOutMs)}:d=${seconds(fadeOutMs)}`;
  return [...COMMON, '-filter_complex', graph, ...PCM_OUT, '-ar', int(sampleRate), fileArg(outPath)];
}

/** Attention chime before notices: a rising C–E–G major arpeggio of bell notes, ~1.2 s. */
export function chimeArgs(outPath: string, sampleRate: number): string[] {
  const notes = [bellNote(523.25, 0, 0.3), bellNote(659.26, 0.3, 0.3), bellNote(783.99, 0.6, 0.3)];
  return toneArgs(notes.join('+'), CHIME_DURATION_MS, sampleRate, outPath);
}

/** Alert tone before emergency broadcasts: a hi–lo two-tone alternation (0.25 s each), 3 s, unlike the chime. */
export function alertToneArgs(outPath: string, sampleRate: number): string[] {
  const expression = '0.45*if(lt(mod(t,0.5),0.25),sin(2*PI*960*t),sin(2*PI*770*t))';
  return toneArgs(expression, ALERT_TONE_DURATION_MS, sampleRate, outPath);
}

/** Silence generated inside the graph, trimmed to an exact sample count. */
export function silenceSource(durationMs: number, sampleRate: number): string {
  const samples = Math.round((durationMs * sampleRate) / 1000);
  return `anullsrc=r=${int(sampleRate)}:cl=mono,atrim=end_sample=${int(samples)}`;
}

export interface ConcatOptions {
  /**
   * Filters applied to the joined audio before the limiter, e.g. the alert path's speech shaping. Fixed filter
   * strings written in code only: user text never goes here.
   */
  shaping?: readonly string[];
  /** Sample-peak ceiling (dBFS) of a limiter applied to the joined audio; none when omitted. */
  peakLimitDb?: number;
  /**
   * Measure the joined (and limited) audio on the way to the file: EBU R128 loudness and sample peak, printed
   * as the ebur128 summary at the end of stderr. Saves a separate analysis run over the file.
   */
  measure?: boolean;
}

/**
 * Joins WAV files and silences in order with the concat filter. Every file is resampled to one mono format
 * first, so engines with different sample rates can be mixed and each part keeps its exact length.
 */
export function concatArgs(parts: ConcatPart[], outPath: string, sampleRate: number, opts: ConcatOptions = {}): string[] {
  if (parts.length === 0) throw new RangeError('nothing to concatenate');
  const format = `aformat=sample_fmts=s16:sample_rates=${int(sampleRate)}:channel_layouts=mono`;
  const inputs: string[] = [];
  const chains: string[] = [];
  parts.forEach((part, i) => {
    if (part.kind === 'file') {
      const input = inputs.length / 2;
      inputs.push('-i', fileArg(part.path));
      chains.push(`[${input}:a]aresample=${int(sampleRate)},${format}[p${i}]`);
    } else {
      chains.push(`${silenceSource(part.durationMs, sampleRate)},${format}[p${i}]`);
    }
  });
  const labels = parts.map((_, i) => `[p${i}]`).join('');
  const shaping = (opts.shaping ?? []).map((f) => `,${f}`).join('');
  const limiter = opts.peakLimitDb === undefined ? '' : `,${limiterFilter(opts.peakLimitDb)}`;
  const measure = opts.measure ? `,${SPEECH_MEASURE}` : '';
  chains.push(`${labels}concat=n=${parts.length}:v=0:a=1${shaping}${limiter}${measure}[out]`);
  return [...COMMON, ...inputs, '-filter_complex', chains.join(';'), '-map', '[out]', ...PCM_OUT, '-ar', int(sampleRate), fileArg(outPath)];
}

/**
 * Loudness and sample peak (its summary has the Peak line); sample rather than true peak, which costs a 4×
 * oversampling of the whole stream. Per-frame lines go to the verbose log level, out of stderr.
 */
const SPEECH_MEASURE = 'ebur128=peak=sample:framelog=verbose';

/** A look-ahead limiter holding sample peaks under `ceilingDb` dBFS; it does not raise the level. */
function limiterFilter(ceilingDb: number): string {
  return `alimiter=limit=${num(Math.pow(10, ceilingDb / 20), 4)}:level=false`;
}

export interface GainStage {
  gainDb: number;
  /** Sample-peak ceiling (dBFS) of a limiter after the gain; none when omitted. */
  limitDb?: number;
}

/** A stretch of the input in samples at its own rate: [startSample, endSample), to the end when endSample is absent. */
export interface SampleRange {
  startSample: number;
  endSample?: number;
}

/**
 * Second mastering pass: a fixed gain (and a limiter when the gained peaks would pass the ceiling) followed by
 * the given output options, over the whole input or one stretch of it.
 */
export function gainArgs(inputPath: string, stage: GainStage, outputOptions: string[], outPath: string, range?: SampleRange): string[] {
  const filters: string[] = [];
  if (range) {
    const end = range.endSample === undefined ? '' : `:end_sample=${int(range.endSample)}`;
    filters.push(`atrim=start_sample=${int(range.startSample)}${end}`, 'asetpts=N/SR/TB');
  }
  filters.push(`volume=${num(stage.gainDb)}dB`);
  if (stage.limitDb !== undefined) filters.push(limiterFilter(stage.limitDb));
  return [...COMMON, '-i', fileArg(inputPath), '-af', filters.join(','), ...outputOptions, fileArg(outPath)];
}

function loudnormTarget(target: LoudnessTarget): string {
  return `loudnorm=I=${num(target.integratedLufs, 1)}:TP=${num(target.truePeakDb, 1)}:LRA=${num(target.lra, 1)}`;
}

/** First loudnorm pass: analyse only, prints the measurement as JSON on stderr. */
export function loudnormMeasureArgs(inputPath: string, target: LoudnessTarget): string[] {
  return [...COMMON, '-i', fileArg(inputPath), '-af', `${loudnormTarget(target)}:print_format=json`, '-f', 'null', '-'];
}

/** MP3 output options for the speaker profile: mono, the profile's rate and constant bitrate. */
export function mp3EncodeArgs(encoding: Mp3Encoding): string[] {
  return ['-ac', '1', '-ar', int(encoding.sampleRate), '-c:a', 'libmp3lame', '-b:a', `${int(encoding.bitrateKbps)}k`];
}

/**
 * LAME's "fast" quality (-q 7): half the encoding time of its default, no audible difference on speech at
 * loudspeaker bitrates.
 */
export const MP3_FAST = ['-compression_level', '7'];
/** MP3 frames only, no ID3 or Xing/LAME header: a stream that can be appended to another one. */
export const MP3_BARE = ['-write_xing', '0', '-id3v2_version', '0'];

/**
 * Joins MP3 streams frame by frame without re-encoding (the concat protocol reads them as one stream) and
 * writes a fresh header for the whole: frame count, seek table, and the first part's encoder delay. The parts
 * are bare file names resolved against the run's cwd, so no path ever enters the protocol string.
 */
export function mp3JoinArgs(partNames: string[], outPath: string): string[] {
  if (partNames.length === 0) throw new RangeError('nothing to join');
  for (const name of partNames) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new RangeError(`not a plain relative file name: ${name}`);
  }
  return [...COMMON, '-i', `concat:${partNames.join('|')}`, '-map', '0:a', '-c', 'copy', fileArg(outPath)];
}

/**
 * Second loudnorm pass with the first pass's figures (linear gain when possible), followed by the given
 * output options. Those must set `-ar`: loudnorm works at 192 kHz and would otherwise keep that rate.
 */
export function loudnormApplyArgs(
  inputPath: string,
  target: LoudnessTarget,
  measured: LoudnormMeasurement,
  outputOptions: string[],
  outPath: string,
): string[] {
  const filter =
    `${loudnormTarget(target)}:measured_I=${num(measured.inputI)}:measured_TP=${num(measured.inputTp)}` +
    `:measured_LRA=${num(measured.inputLra)}:measured_thresh=${num(measured.inputThresh)}` +
    `:offset=${num(measured.targetOffset)}:linear=true:print_format=json`;
  return [...COMMON, '-i', fileArg(inputPath), '-af', filter, ...outputOptions, fileArg(outPath)];
}

/** EBU R128 measurement with true peak; the summary is printed on stderr (per-frame lines kept out of it). */
export function ebur128Args(inputPath: string): string[] {
  return [...COMMON, '-i', fileArg(inputPath), '-af', 'ebur128=peak=true:framelog=verbose', '-f', 'null', '-'];
}

export function probeArgs(inputPath: string): string[] {
  return ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', fileArg(inputPath)];
}
