import { settleAll } from './settle-all';

describe('settleAll', () => {
  it('should resolve every value in order when all promises fulfil', async () => {
    const [a, b] = await settleAll([Promise.resolve(1), Promise.resolve('x')]);
    expect([a, b]).toEqual([1, 'x']);
  });

  it('should reject with the first failure only after the slower promises have settled', async () => {
    let slowDone = false;
    const slow = new Promise<void>((resolve) => setTimeout(() => ((slowDone = true), resolve()), 20));
    await expect(settleAll([Promise.reject(new Error('first')), slow, Promise.reject(new Error('second'))])).rejects.toThrow('first');
    expect(slowDone).toBe(true);
  });
});
