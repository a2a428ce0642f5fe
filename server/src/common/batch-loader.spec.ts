import { BatchLoader } from './batch-loader';

describe('BatchLoader', () => {
  afterEach(() => jest.useRealTimers());

  const loader = (opts = { windowMs: 10, maxBatch: 100 }) => {
    const reads: string[][] = [];
    let fail: Error | null = null;
    const l = new BatchLoader<string, number>(async (keys) => {
      reads.push(keys);
      if (fail) throw fail;
      return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.length]));
    }, opts);
    return { l, reads, failWith: (e: Error) => (fail = e) };
  };

  it('should answer loads made within the window with one read, each with its own value', async () => {
    jest.useFakeTimers();
    const { l, reads } = loader();
    const a = l.load('a');
    const b = l.load('bb');
    const again = l.load('a');
    const missing = l.load('missing');
    expect(reads).toEqual([]);
    await jest.advanceTimersByTimeAsync(10);
    expect(await Promise.all([a, b, again, missing])).toEqual([1, 2, 1, undefined]);
    expect(reads).toEqual([['a', 'bb', 'missing']]);
  });

  it('should read at once when the batch is full, and start a new batch after', async () => {
    jest.useFakeTimers();
    const { l, reads } = loader({ windowMs: 10, maxBatch: 2 });
    const first = [l.load('a'), l.load('b')];
    expect(await Promise.all(first)).toEqual([1, 1]);
    const later = l.load('ccc');
    await jest.advanceTimersByTimeAsync(10);
    expect(await later).toBe(3);
    expect(reads).toEqual([['a', 'b'], ['ccc']]);
  });

  it('should fail every load of a batch whose read failed', async () => {
    jest.useFakeTimers();
    const { l, failWith } = loader();
    failWith(new Error('SQLITE_BUSY'));
    const a = l.load('a');
    const b = l.load('b');
    const settled = Promise.allSettled([a, b]);
    await jest.advanceTimersByTimeAsync(10);
    expect((await settled).map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });
});
