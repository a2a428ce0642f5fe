import type { DeviceStatePayload } from '@sunshine/playlists';
import type { Repository } from 'typeorm';
import { Clock } from '../common/clock';
import type { DeviceEntity } from './device.entity';
import { DeviceStateWriter, STATE_BATCH_MAX, STATE_BATCH_WINDOW_MS } from './device-state-writer';

class FakeClock extends Clock {
  ms = 1_000;
  now(): Date {
    return new Date(this.ms);
  }
}

/** A repository recording transactions and their updates; `stored` answers the reads of offline merges. */
function fakeRepo(stored: Record<string, DeviceStatePayload | null> = {}) {
  const transactions: Array<Array<{ id: string; set: Record<string, unknown> }>> = [];
  const reads: string[][] = [];
  let fail: Error | null = null;
  const repo = {
    find: jest.fn(async (q: { where: { id: { value: string[] } } }) => {
      const ids = q.where.id.value;
      reads.push(ids);
      return ids.filter((id) => id in stored).map((id) => ({ id, state: stored[id] }));
    }),
    manager: {
      transaction: jest.fn(async (work: (tx: unknown) => Promise<void>) => {
        if (fail) throw fail;
        const updates: Array<{ id: string; set: Record<string, unknown> }> = [];
        await work({ update: async (_e: unknown, where: { id: string }, set: Record<string, unknown>) => void updates.push({ id: where.id, set }) });
        transactions.push(updates);
      }),
    },
  };
  return { repo: repo as unknown as Repository<DeviceEntity>, transactions, reads, failWith: (e: Error) => (fail = e) };
}

const online = (id: string, volume: number): DeviceStatePayload => ({ online: true, deviceId: id, at: 't', volume });

describe('DeviceStateWriter', () => {
  afterEach(() => jest.useRealTimers());

  it('should write many devices\' messages in one transaction after the batch window, each call resolving once written', async () => {
    jest.useFakeTimers();
    const { repo, transactions } = fakeRepo();
    const clock = new FakeClock();
    const w = new DeviceStateWriter(repo, clock);
    let done = 0;
    const calls = [w.recordState('a', online('a', 10)), w.recordState('b', online('b', 20)), w.markSeen('c'), w.recordState('a', online('a', 15))];
    calls.forEach((c) => void c.then(() => done++));
    await Promise.resolve();
    expect(transactions).toHaveLength(0);
    expect(done).toBe(0);
    await jest.advanceTimersByTimeAsync(STATE_BATCH_WINDOW_MS);
    await Promise.all(calls);
    expect(transactions).toEqual([
      [
        { id: 'a', set: { lastSeenAt: new Date(1_000), online: true, state: online('a', 15) } },
        { id: 'b', set: { lastSeenAt: new Date(1_000), online: true, state: online('b', 20) } },
        { id: 'c', set: { lastSeenAt: new Date(1_000) } },
      ],
    ]);
  });

  it('should write at once when the batch is full', async () => {
    const { repo, transactions } = fakeRepo();
    const w = new DeviceStateWriter(repo, new FakeClock());
    const calls = Array.from({ length: STATE_BATCH_MAX }, (_, i) => w.markSeen(`d${i}`));
    await Promise.all(calls);
    expect(transactions).toHaveLength(1);
    expect(transactions[0]).toHaveLength(STATE_BATCH_MAX);
  });

  it('should merge a lone offline state onto the stored state with one read for the batch', async () => {
    const { repo, transactions, reads } = fakeRepo({ a: { online: true, deviceId: 'a', at: 't0', volume: 70, playlistVersion: 'v9' }, b: null });
    const w = new DeviceStateWriter(repo, new FakeClock());
    void w.recordState('a', { online: false, deviceId: 'a', at: 't1' });
    void w.recordState('b', { online: false, deviceId: 'b', at: 't1' });
    await w.flush();
    expect(reads).toEqual([['a', 'b']]);
    expect(transactions[0][0].set.state).toEqual({ online: false, deviceId: 'a', at: 't1', volume: 70, playlistVersion: 'v9', nowPlaying: null });
    expect(transactions[0][1].set.state).toEqual({ online: false, deviceId: 'b', at: 't1', nowPlaying: null });
  });

  it('should reject the calls of a batch whose transaction failed, and write later batches', async () => {
    const { repo, transactions, failWith } = fakeRepo();
    const w = new DeviceStateWriter(repo, new FakeClock());
    failWith(new Error('database is locked'));
    const lost = w.markSeen('a');
    void w.flush();
    await expect(lost).rejects.toThrow('database is locked');
    failWith(null as unknown as Error);
    const next = w.markSeen('b');
    await w.flush();
    await next;
    expect(transactions).toEqual([[{ id: 'b', set: { lastSeenAt: new Date(1_000) } }]]);
  });

  it('should leave the newest report in place when the write of an earlier one is slower', async () => {
    const { repo, transactions } = fakeRepo();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const transaction = repo.manager.transaction as unknown as jest.Mock;
    const plain = transaction.getMockImplementation()!;
    transaction.mockImplementationOnce(async (work: unknown) => {
      await gate;
      return plain(work);
    });
    const clock = new FakeClock();
    const w = new DeviceStateWriter(repo, clock);
    const first = w.recordState('tv-1', { online: true, deviceId: 'tv-1', at: '2026-12-04T08:00:00.532Z', volume: 100 });
    void w.flush();
    clock.ms += 4;
    const second = w.recordState('tv-1', { online: true, deviceId: 'tv-1', at: '2026-12-04T08:00:00.536Z', volume: 35 });
    void w.flush();
    release();
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(transactions.map((t) => (t[0].set.state as DeviceStatePayload).volume)).toEqual([100, 35]);
  });

  it('should answer false at once for a report older than one already taken, writing nothing for it', async () => {
    const { repo, transactions } = fakeRepo();
    const w = new DeviceStateWriter(repo, new FakeClock());
    const newer = w.recordState('tv-1', { online: true, deviceId: 'tv-1', at: '2026-12-04T08:00:00.536Z', volume: 35 });
    expect(await w.recordState('tv-1', { online: true, deviceId: 'tv-1', at: '2026-12-04T08:00:00.532Z', volume: 100 })).toBe(false);
    await w.flush();
    expect(await newer).toBe(true);
    expect(transactions).toEqual([[{ id: 'tv-1', set: { lastSeenAt: new Date(1_000), online: true, state: expect.objectContaining({ volume: 35 }) } }]]);
  });
});
