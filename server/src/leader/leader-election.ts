/**
 * The lease-based election, independent of the database: `LeaseStore` does the three atomic writes, this decides
 * what the process is. Pure apart from the store, so it runs on fake time in unit tests.
 */
export type LeaderRole = 'leader' | 'standby';

/** A lapsed lease is taken over by a standby: at most LEASE_MS after the leader's last renewal, plus one tick. */
export const LEADER_LEASE_MS = 8_000;
/** How often the leader renews and a standby tries to take over (LEASE_MS + TICK_MS ≤ 10 s: the fail-over bound). */
export const LEADER_TICK_MS = 2_000;

export interface LeaseStore {
  /** Extends the lease if `holder` still holds it; true when it did. */
  renew(holder: string, until: Date): Promise<boolean>;
  /** Takes the lease if it lapsed before `now`; true when this holder got it. */
  takeOver(holder: string, now: Date, until: Date): Promise<boolean>;
  /** Creates the lease row for `holder`; false when the row already exists. */
  create(holder: string, until: Date): Promise<boolean>;
  /** Ends the lease at once if `holder` holds it (a clean shutdown hands over without waiting for the lapse). */
  release(holder: string, at: Date): Promise<void>;
}

export class LeaderElection {
  private role: LeaderRole = 'standby';
  /** Until when this process may act as leader without another renewal. */
  private validUntilMs = 0;

  constructor(
    private readonly store: LeaseStore,
    readonly holder: string,
    private readonly now: () => number,
    private readonly leaseMs = LEADER_LEASE_MS,
  ) {}

  /**
   * True only while a lease written by this process is still running by the local clock: a leader whose renewals
   * fail (database unreachable, event loop stalled) stops acting before a standby may take over.
   */
  isLeader(): boolean {
    return this.role === 'leader' && this.now() < this.validUntilMs;
  }

  /** One renewal or take-over attempt; returns the role it leaves the process in. */
  async tick(): Promise<LeaderRole> {
    const startedMs = this.now();
    const until = new Date(startedMs + this.leaseMs);
    let held: boolean;
    try {
      held =
        (await this.store.renew(this.holder, until)) ||
        (await this.store.takeOver(this.holder, new Date(startedMs), until)) ||
        (await this.store.create(this.holder, until));
    } catch {
      // Unknown outcome: keep acting only on the lease already confirmed (isLeader() checks its expiry).
      return this.isLeader() ? 'leader' : 'standby';
    }
    this.role = held ? 'leader' : 'standby';
    // Counted from before the write: the row's lease can only end later than this.
    this.validUntilMs = held ? startedMs + this.leaseMs : 0;
    return this.role;
  }

  async release(): Promise<void> {
    if (this.role !== 'leader') return;
    this.role = 'standby';
    this.validUntilMs = 0;
    await this.store.release(this.holder, new Date(0));
  }
}
