import { MediaError } from '../../media-error';
import { loudnormMeasurementFromEbur128 } from './speech-loudness';

const SUMMARY = `[Parsed_ebur128_0 @ 0x261c8ec0] Summary:

  Integrated loudness:
    I:         -21.6 LUFS
    Threshold: -31.7 LUFS

  Loudness range:
    LRA:         1.6 LU
    Threshold: -42.0 LUFS
    LRA low:   -22.9 LUFS
    LRA high:  -21.2 LUFS

  True peak:
    Peak:       -8.9 dBFS
`;

describe('loudnormMeasurementFromEbur128', () => {
  it("should map ebur128's summary onto loudnorm's first-pass figures, taking the integrated (not the range) threshold", () => {
    expect(loudnormMeasurementFromEbur128(`size=N/A\n${SUMMARY}`)).toEqual({ inputI: -21.6, inputTp: -8.9, inputLra: 1.6, inputThresh: -31.7, targetOffset: 0 });
  });

  it('should throw LOUDNESS_PARSE_FAILED when the summary has no integrated threshold', () => {
    const broken = SUMMARY.replace('Threshold: -31.7 LUFS', '');
    expect(() => loudnormMeasurementFromEbur128(broken)).toThrow(MediaError);
    expect(() => loudnormMeasurementFromEbur128(broken)).toThrow(expect.objectContaining({ code: 'LOUDNESS_PARSE_FAILED' }));
  });
});
