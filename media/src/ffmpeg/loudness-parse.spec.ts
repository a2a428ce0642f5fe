import { MediaError } from '../media-error';
import { parseEbur128Summary, parseLoudnormJson } from './loudness-parse';

/** Captured from the bundled ffmpeg 4.1 (`-af loudnorm=…:print_format=json -f null -`). */
const LOUDNORM_STDERR = `size=N/A time=00:00:03.00 bitrate=N/A speed= 8.6x    
video:0kB audio:1125kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: unknown
[Parsed_loudnorm_0 @ 0x3ed37d40] 
{
\t"input_i" : "-14.15",
\t"input_tp" : "-10.46",
\t"input_lra" : "0.00",
\t"input_thresh" : "-24.15",
\t"output_i" : "-15.95",
\t"output_tp" : "-12.27",
\t"output_lra" : "0.00",
\t"output_thresh" : "-25.95",
\t"normalization_type" : "dynamic",
\t"target_offset" : "-0.05"
}
`;

const LOUDNORM_SILENCE = `[Parsed_loudnorm_0 @ 0x3ac167c0] 
{
\t"input_i" : "-inf",
\t"input_tp" : "-inf",
\t"input_lra" : "0.00",
\t"input_thresh" : "-70.00",
\t"output_i" : "-inf",
\t"output_tp" : "-inf",
\t"output_lra" : "0.00",
\t"output_thresh" : "-70.00",
\t"normalization_type" : "linear",
\t"target_offset" : "inf"
}
`;

/** Captured from the bundled ffmpeg 4.1 (`-af ebur128=peak=true -f null -`), frame lines shortened. */
const EBUR128_STDERR = `[Parsed_ebur128_0 @ 0x2cc64c40] t: 2.99998    TARGET:-23 LUFS    M: -14.2 S: -14.2     I: -14.2 LUFS       LRA:  20.0 LU  FTPK: -10.5 dBFS  TPK: -10.5 dBFS
size=N/A time=00:00:03.00 bitrate=N/A speed= 301x    
video:0kB audio:281kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: unknown
[Parsed_ebur128_0 @ 0x2cc64c40] Summary:

  Integrated loudness:
    I:         -16.4 LUFS
    Threshold: -26.5 LUFS

  Loudness range:
    LRA:         1.6 LU
    Threshold: -36.5 LUFS
    LRA low:   -17.2 LUFS
    LRA high:  -15.6 LUFS

  True peak:
    Peak:       -3.3 dBFS
`;

describe('parseLoudnormJson', () => {
  it('should read the measurement when loudnorm printed its JSON block', () => {
    expect(parseLoudnormJson(LOUDNORM_STDERR)).toEqual({
      inputI: -14.15,
      inputTp: -10.46,
      inputLra: 0,
      inputThresh: -24.15,
      targetOffset: -0.05,
      outputI: -15.95,
      outputTp: -12.27,
      normalizationType: 'dynamic',
    });
  });

  it('should turn -inf and inf into infinities when the input is silent', () => {
    const report = parseLoudnormJson(LOUDNORM_SILENCE);
    expect(report.inputI).toBe(-Infinity);
    expect(report.targetOffset).toBe(Infinity);
  });

  it('should read the last block when stderr holds more than one', () => {
    expect(parseLoudnormJson(LOUDNORM_SILENCE + LOUDNORM_STDERR).inputI).toBe(-14.15);
  });

  it('should throw LOUDNESS_PARSE_FAILED when no JSON was printed', () => {
    expect(() => parseLoudnormJson('Error opening input')).toThrow(expect.objectContaining({ code: 'LOUDNESS_PARSE_FAILED' }));
  });

  it('should throw when a field is missing', () => {
    const broken = LOUDNORM_STDERR.replace('\t"input_tp" : "-10.46",\n', '');
    expect(() => parseLoudnormJson(broken)).toThrow(MediaError);
  });
});

describe('parseEbur128Summary', () => {
  it('should read integrated loudness, range and true peak from the summary, not the frame lines', () => {
    expect(parseEbur128Summary(EBUR128_STDERR)).toEqual({ integratedLufs: -16.4, lraLu: 1.6, truePeakDb: -3.3 });
  });

  it('should read -inf peak when the audio is silent', () => {
    expect(parseEbur128Summary(EBUR128_STDERR.replace('-3.3 dBFS', '-inf dBFS')).truePeakDb).toBe(-Infinity);
  });

  it('should throw LOUDNESS_PARSE_FAILED when there is no summary', () => {
    expect(() => parseEbur128Summary('nothing')).toThrow(expect.objectContaining({ code: 'LOUDNESS_PARSE_FAILED' }));
  });
});
