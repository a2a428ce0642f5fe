import { CODEC_HEADROOM_DB, INTER_SAMPLE_MARGIN_DB, MAX_SPEECH_GAIN_DB, MP3_JOIN_GAP_SAMPLES, MP3_PART_MS, planMp3Parts, speechGain } from './master-speech';

const TARGET = { loudnessLufs: -16, truePeakDb: -1.5 };
const CEILING = TARGET.truePeakDb - CODEC_HEADROOM_DB - INTER_SAMPLE_MARGIN_DB;

describe('speechGain', () => {
  it('should apply the gain to the target alone when the gained peaks stay under the ceiling', () => {
    const stage = speechGain({ integratedLufs: -21.6, samplePeakDb: -8.9 }, TARGET);
    expect(stage.gainDb).toBeCloseTo(5.6, 10);
    expect(stage.limitDb).toBeUndefined();
  });

  it('should add a limiter at the ceiling when the gained peaks would pass it', () => {
    expect(speechGain({ integratedLufs: -26, samplePeakDb: -9 }, TARGET)).toEqual({ gainDb: 10, limitDb: CEILING });
  });

  it('should bound the gain and leave silence (−inf) ungained', () => {
    expect(speechGain({ integratedLufs: -70, samplePeakDb: -60 }, TARGET).gainDb).toBe(MAX_SPEECH_GAIN_DB);
    expect(speechGain({ integratedLufs: -Infinity, samplePeakDb: -Infinity }, TARGET)).toEqual({ gainDb: 0 });
  });
});

describe('planMp3Parts', () => {
  const SR = 44100;
  /** Sentences of `len` ms separated by `pause` ms, starting at `first`. */
  function sentences(count: number, len: number, pause: number, first = 1700): Array<{ startMs: number; endMs: number }> {
    return Array.from({ length: count }, (_, i) => ({ startMs: first + i * (len + pause), endMs: first + i * (len + pause) + len }));
  }

  it('should encode short audio in one part', () => {
    expect(planMp3Parts(sentences(10, 3000, 350), 2 * MP3_PART_MS - 1, SR)).toEqual([{ startSample: 0 }]);
  });

  it('should cut in the pause nearest the middle, end the first part 576 samples short of a frame and skip the join gap', () => {
    const list = sentences(20, 3000, 350);
    const duration = list[list.length - 1].endMs;
    const parts = planMp3Parts(list, duration, SR);
    expect(parts).toHaveLength(2);
    const [first, second] = parts;
    const end = first.endSample as number;
    expect(first.startSample).toBe(0);
    expect((end + 576) % 1152).toBe(0);
    expect(second).toEqual({ startSample: end + MP3_JOIN_GAP_SAMPLES });
    // The dropped stretch lies inside the pause nearest the middle of the audio.
    const middle = (duration / 2) * (SR / 1000);
    const pauses = list.slice(1).map((s, i) => [(list[i].endMs * SR) / 1000, (s.startMs * SR) / 1000]);
    const nearest = pauses.reduce((a, b) => (Math.abs((b[0] + b[1]) / 2 - middle) < Math.abs((a[0] + a[1]) / 2 - middle) ? b : a));
    expect(end).toBeGreaterThan(nearest[0]);
    expect(end + MP3_JOIN_GAP_SAMPLES).toBeLessThan(nearest[1]);
  });

  it('should make more parts for longer audio, at most four, in increasing order', () => {
    const list = sentences(80, 3000, 350);
    const parts = planMp3Parts(list, list[list.length - 1].endMs, SR);
    expect(parts).toHaveLength(4);
    parts.slice(1).forEach((p, i) => expect(p.startSample).toBe((parts[i].endSample as number) + MP3_JOIN_GAP_SAMPLES));
    expect(parts[3].endSample).toBeUndefined();
  });

  it('should not cut where the pauses are too short to hold a join', () => {
    const list = sentences(20, 3000, 60);
    expect(planMp3Parts(list, list[list.length - 1].endMs, SR)).toEqual([{ startSample: 0 }]);
  });
});
