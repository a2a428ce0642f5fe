import { ClockOffsetEstimator } from './clock-offset';

const T = Date.parse('2025-03-03T00:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

describe('ClockOffsetEstimator', () => {
  it('should report nothing before the first sample and the sample itself after one', () => {
    const est = new ClockOffsetEstimator();
    expect(est.offsetMs()).toBeUndefined();
    est.add(T + 1_500, iso(T));
    expect(est.offsetMs()).toBe(1_500);
  });

  it('should ignore one envelope delayed in a queue when the others agree', () => {
    const est = new ClockOffsetEstimator();
    for (const [received, issued] of [[T + 200, T], [T + 10_250, T + 10_000], [T + 80_000, T + 20_000], [T + 30_180, T + 30_000]]) est.add(received, iso(issued));
    expect(est.offsetMs()).toBe(225);
  });

  it('should follow a clock step once most of the window has seen it', () => {
    const est = new ClockOffsetEstimator(5);
    for (let i = 0; i < 5; i++) est.add(T + i * 1000 + 100, iso(T + i * 1000));
    expect(est.offsetMs()).toBe(100);
    for (let i = 5; i < 8; i++) est.add(T + i * 1000 - 60_000, iso(T + i * 1000));
    expect(est.offsetMs()).toBe(-60_000);
  });

  it('should skip an envelope whose issuedAt is not a date', () => {
    const est = new ClockOffsetEstimator();
    est.add(T, 'not-a-date');
    expect(est.offsetMs()).toBeUndefined();
  });
});
