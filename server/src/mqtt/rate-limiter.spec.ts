import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('should allow a burst then refuse with the time until the next token', () => {
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 });
    expect([0, 0, 0].map(() => limiter.take('10.0.0.1', 1_000).allowed)).toEqual([true, true, true]);
    expect(limiter.take('10.0.0.1', 1_000)).toEqual({ allowed: false, retryAfterMs: 500 });
  });

  it('should refill over time at the configured rate', () => {
    const limiter = new RateLimiter({ perSecond: 2, burst: 1 });
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 400).allowed).toBe(false);
    expect(limiter.take('a', 500).allowed).toBe(true);
  });

  it('should count each address separately', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 });
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 0).allowed).toBe(false);
    expect(limiter.take('b', 0).allowed).toBe(true);
  });

  it('should not add tokens when the clock steps back', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 });
    expect(limiter.take('a', 10_000).allowed).toBe(true);
    expect(limiter.take('a', 0).allowed).toBe(false);
    expect(limiter.take('a', 10_500).allowed).toBe(false);
    expect(limiter.take('a', 11_000).allowed).toBe(true);
  });

  it('should forget refilled addresses once many are tracked', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 });
    for (let i = 0; i <= 10_000; i++) limiter.take(`old-${i}`, 0);
    expect(limiter.size).toBe(10_001);
    limiter.take('new', 5_000);
    expect(limiter.size).toBe(1);
  });

  it('should reject a limit that could never allow anything', () => {
    expect(() => new RateLimiter({ perSecond: 0, burst: 1 })).toThrow();
  });
});
