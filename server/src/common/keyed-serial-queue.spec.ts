import { KeyedSerialQueue } from './keyed-serial-queue';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('KeyedSerialQueue', () => {
  it('should run the tasks of one key in submission order even when the first is slower', async () => {
    const q = new KeyedSerialQueue();
    const order: string[] = [];
    const slow = deferred();
    const a = q.run('dev-1', async () => {
      await slow.promise;
      order.push('first');
    });
    const b = q.run('dev-1', async () => {
      order.push('second');
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    slow.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(['first', 'second']);
  });

  it('should not hold back another key', async () => {
    const q = new KeyedSerialQueue();
    const blocked = deferred();
    const order: string[] = [];
    const a = q.run('dev-1', async () => {
      await blocked.promise;
      order.push('dev-1');
    });
    await q.run('dev-2', async () => {
      order.push('dev-2');
    });
    expect(order).toEqual(['dev-2']);
    blocked.resolve();
    await a;
    expect(order).toEqual(['dev-2', 'dev-1']);
  });

  it('should go on with the next task after a failure and pass the failure to its caller', async () => {
    const q = new KeyedSerialQueue();
    const failed = q.run('dev-1', async () => {
      throw new Error('db down');
    });
    const next = q.run('dev-1', async () => 42);
    await expect(failed).rejects.toThrow('db down');
    await expect(next).resolves.toBe(42);
  });

  it('should forget a key when its work is done', async () => {
    const q = new KeyedSerialQueue();
    await q.run('dev-1', async () => 1);
    await new Promise((r) => setImmediate(r));
    expect(q.size).toBe(0);
  });
});
