import { backoffDelayMs, FAR_JITTER_FACTOR, startJitterMs } from './backoff';

describe('backoffDelayMs', () => {
  const opts = { baseMs: 2_000, maxMs: 300_000 };

  it('should double the nominal delay per failure and cap it when failures pile up', () => {
    const top = (failures: number) => backoffDelayMs(failures, opts, () => 1);
    expect([1, 2, 3, 4].map(top)).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(top(20)).toBe(300_000);
  });

  it('should never go below half the nominal delay when the random draw is 0', () => {
    expect(backoffDelayMs(1, opts, () => 0)).toBe(1_000);
    expect(backoffDelayMs(3, opts, () => 0)).toBe(4_000);
    expect(backoffDelayMs(30, opts, () => 0)).toBe(150_000);
  });

  it('should spread devices that failed together over the upper half when their draws differ', () => {
    const delays = [0, 0.25, 0.5, 0.75, 0.999].map((r) => backoffDelayMs(2, opts, () => r));
    expect(new Set(delays).size).toBe(5);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(2_000);
      expect(d).toBeLessThan(4_000);
    }
  });
});

describe('startJitterMs', () => {
  const opts = { maxMs: 10_000, urgentWithinMs: 300_000 };

  it('should not delay media when it is due within the urgent window', () => {
    expect(startJitterMs(0, opts, () => 0.9)).toBe(0);
    expect(startJitterMs(300_000, opts, () => 0.9)).toBe(0);
    expect(startJitterMs(-5_000, opts, () => 0.9)).toBe(0);
  });

  it('should delay up to the maximum when the media is due a little after the urgent window', () => {
    // 50 s of slack: a tenth is 5 s, less than the maximum.
    expect(startJitterMs(350_000, opts, () => 0.5)).toBe(5_000);
    expect(startJitterMs(350_000, opts, () => 1)).toBe(10_000);
  });

  it('should spread media due hours ahead over a tenth of its slack, at most 30 times the maximum', () => {
    // 20 min of slack → 2 min window; 55 min of slack → capped at 5 min.
    expect(startJitterMs(1_500_000, opts, () => 1)).toBe(120_000);
    expect(startJitterMs(3_600_000, opts, () => 0.5)).toBe(150_000);
    expect(startJitterMs(3_600_000, opts, () => 1)).toBe(FAR_JITTER_FACTOR * 10_000);
    expect(startJitterMs(3_600_000, { maxMs: 0, urgentWithinMs: 300_000 }, () => 1)).toBe(0);
  });

  it('should leave the urgent window intact when the media is due just after it', () => {
    expect(startJitterMs(302_000, opts, () => 1)).toBe(2_000);
  });

  it('should jitter loop media when it has no due time', () => {
    expect(startJitterMs(undefined, opts, () => 0.25)).toBe(2_500);
  });
});
