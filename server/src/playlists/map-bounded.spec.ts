import { mapBounded } from './map-bounded';

describe('mapBounded', () => {
  it('should never run more than the limit at once and keep results in input order when tasks finish out of order', async () => {
    let running = 0;
    let peak = 0;
    const release: Array<() => void> = [];
    const done = mapBounded([1, 2, 3, 4, 5], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => release.push(resolve));
      running--;
      return n * 10;
    });
    // Release whatever is waiting, newest first, until every task has run.
    for (let i = 0; i < 20 && release.length + running > 0; i++) {
      await new Promise((r) => setImmediate(r));
      release.pop()?.();
    }
    const results = await done;
    expect(peak).toBe(2);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : null))).toEqual([10, 20, 30, 40, 50]);
  });

  it('should attempt every item and report each failure when some tasks reject', async () => {
    const seen: number[] = [];
    const results = await mapBounded([1, 2, 3], 3, async (n) => {
      seen.push(n);
      if (n === 2) throw new Error('boom');
      return n;
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('boom'));
  });

  it('should resolve to an empty list when there is nothing to do', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});
