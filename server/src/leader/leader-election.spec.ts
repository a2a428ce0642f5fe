import { LEADER_LEASE_MS, LEADER_TICK_MS, LeaderElection, LeaseStore } from './leader-election';

/** The lease row as the database keeps it, with the same conditional writes as the TypeORM store. */
class MemoryLeaseStore implements LeaseStore {
  row: { holder: string; until: number } | null = null;
  failing = false;

  async renew(holder: string, until: Date): Promise<boolean> {
    this.check();
    if (this.row?.holder !== holder) return false;
    this.row.until = until.getTime();
    return true;
  }

  async takeOver(holder: string, now: Date, until: Date): Promise<boolean> {
    this.check();
    if (!this.row || this.row.until >= now.getTime()) return false;
    this.row = { holder, until: until.getTime() };
    return true;
  }

  async create(holder: string, until: Date): Promise<boolean> {
    this.check();
    if (this.row) return false;
    this.row = { holder, until: until.getTime() };
    return true;
  }

  async release(holder: string, at: Date): Promise<void> {
    if (this.row?.holder === holder) this.row.until = at.getTime();
  }

  private check(): void {
    if (this.failing) throw new Error('database unreachable');
  }
}

describe('LeaderElection', () => {
  let nowMs: number;
  let store: MemoryLeaseStore;
  const node = (name: string): LeaderElection => new LeaderElection(store, name, () => nowMs);

  beforeEach(() => {
    nowMs = Date.parse('2026-12-04T08:00:00Z');
    store = new MemoryLeaseStore();
  });

  it('should make the first process the leader and a second one a standby', async () => {
    const a = node('a');
    const b = node('b');
    expect(await a.tick()).toBe('leader');
    expect(await b.tick()).toBe('standby');
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
  });

  it('should keep the leader while it renews, however long the standby waits', async () => {
    const a = node('a');
    const b = node('b');
    await a.tick();
    for (let i = 0; i < 20; i++) {
      nowMs += LEADER_TICK_MS;
      await a.tick();
      await b.tick();
    }
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
  });

  it('should let a standby take over within 10 s of the leader’s last renewal', async () => {
    const a = node('a');
    const b = node('b');
    await a.tick();
    const diedAt = nowMs;
    await b.tick();
    // The leader dies now; the standby keeps ticking.
    while (!b.isLeader()) {
      nowMs += LEADER_TICK_MS;
      await b.tick();
      if (nowMs - diedAt > 60_000) break;
    }
    expect(b.isLeader()).toBe(true);
    expect(nowMs - diedAt).toBeLessThanOrEqual(10_000);
    expect(nowMs - diedAt).toBeGreaterThan(LEADER_LEASE_MS - LEADER_TICK_MS);
  });

  it('should stop acting as leader when its lease ran out unrenewed, before a standby may take over', async () => {
    const a = node('a');
    await a.tick();
    store.failing = true;
    nowMs += LEADER_LEASE_MS - 1;
    expect(await a.tick()).toBe('leader');
    nowMs += 1;
    expect(a.isLeader()).toBe(false);
    store.failing = false;
    const b = node('b');
    nowMs += 1;
    expect(await b.tick()).toBe('leader');
    // The old leader comes back and finds the row taken.
    expect(await a.tick()).toBe('standby');
  });

  it('should hand over at once on release', async () => {
    const a = node('a');
    const b = node('b');
    await a.tick();
    await a.release();
    expect(a.isLeader()).toBe(false);
    nowMs += 1;
    expect(await b.tick()).toBe('leader');
  });
});
