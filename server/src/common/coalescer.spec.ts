import { Coalescer } from './coalescer';

describe('Coalescer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('should hand items added within the window to one flush and give each caller its own result', async () => {
    const calls: number[][] = [];
    const c = new Coalescer<number, number>(async (items) => (calls.push(items), items.map((i) => i * 10)), { windowMs: 5, maxSize: 100 });
    const a = c.add(1);
    const b = c.add(2);
    expect(calls).toEqual([]);
    await jest.advanceTimersByTimeAsync(5);
    await expect(Promise.all([a, b])).resolves.toEqual([10, 20]);
    expect(calls).toEqual([[1, 2]]);
  });

  it('should flush at once when the size limit is reached', async () => {
    const calls: number[][] = [];
    const c = new Coalescer<number, number>(async (items) => (calls.push(items), items), { windowMs: 1000, maxSize: 3, sizeOf: (n) => n });
    const done = c.add(3);
    await jest.advanceTimersByTimeAsync(0);
    await done;
    expect(calls).toEqual([[3]]);
  });

  it('should never run two flushes at once and take everything that arrived meanwhile into the next', async () => {
    const calls: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let active = 0;
    let maxActive = 0;
    const c = new Coalescer<number, number>(
      async (items) => {
        active++;
        maxActive = Math.max(maxActive, active);
        calls.push(items);
        if (calls.length === 1) await gate;
        active--;
        return items;
      },
      { windowMs: 5, maxSize: 100 },
    );
    const first = c.add(1);
    await jest.advanceTimersByTimeAsync(5);
    const later = [c.add(2), c.add(3)];
    await jest.advanceTimersByTimeAsync(50);
    expect(calls).toEqual([[1]]);
    release();
    await first;
    await Promise.all(later);
    expect(calls).toEqual([[1], [2, 3]]);
    expect(maxActive).toBe(1);
  });

  it('should reject every caller of a failed flush (nothing acknowledged) and keep working after it', async () => {
    let fail = true;
    const c = new Coalescer<number, number>(async (items) => {
      if (fail) throw new Error('disk full');
      return items;
    }, { windowMs: 1, maxSize: 100 });
    const a = c.add(1);
    const b = c.add(2);
    const settled = Promise.allSettled([a, b]);
    await jest.advanceTimersByTimeAsync(1);
    expect((await settled).map((s) => s.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    const d = c.add(3);
    await jest.advanceTimersByTimeAsync(1);
    await expect(d).resolves.toBe(3);
  });
});
