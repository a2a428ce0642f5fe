import type { DeviceStatePayload } from '@sunshine/playlists';

/** What one device's row gets from a batch: the last word of every message received since the previous flush. */
export interface DeviceRowWrite {
  id: string;
  /** Time of the last message (state, heartbeat, events). */
  lastSeenAt: Date;
  /** Absent when only events arrived (lastSeenAt alone). */
  online?: boolean;
  state?: DeviceStatePayload;
  /** The state is an offline one still to be merged onto the stored state (mergeOffline), read at flush time. */
  mergeWithStored?: boolean;
}

/**
 * How long an applied online report's `at` holds back earlier-dated ones. State reports are snapshots: a retained
 * copy redelivered after a reconnect, or two reports handled out of order, would otherwise roll the volume or
 * playlist version back. The agent's own timestamps order its reports, but only within this window, so that a device
 * whose clock was stepped back is not frozen on its old state (after it, its newest report wins whatever its `at`).
 */
export const STATE_ORDER_WINDOW_MS = 60_000;

/** The online report a device's row was last given, for ordering the next ones. */
export interface AppliedState {
  /** The agent's `at` of that report, in ms. */
  atMs: number;
  /** When the server took it, server clock, in ms. */
  appliedMs: number;
}

/** Whether an online report dated `reportAtMs` is older than the applied one and so must not overwrite it. */
export function isStaleState(applied: AppliedState | undefined, reportAtMs: number, nowMs: number): boolean {
  if (!applied || !Number.isFinite(reportAtMs)) return false;
  return reportAtMs < applied.atMs && nowMs - applied.appliedMs < STATE_ORDER_WINDOW_MS;
}

/**
 * Device messages coalesced per device between two database flushes. A connect storm brings one retained state
 * per device within seconds, and on SQLite each lone UPDATE is its own transaction and disk sync, queued on the
 * one connection the broker's authentication also reads from: ten thousand of them kept agents waiting past their
 * connect timeout. Pure: times are passed in.
 *
 * Reports are ordered here, where they are taken, synchronously and in arrival order: the report with the newest
 * `at` is kept, an online report dated before the applied one is ignored for STATE_ORDER_WINDOW_MS, and an offline
 * report (a Last Will is written at connect time, so it is dated early) always applies. Batches are written in the
 * order they are taken, so what the batch keeps is what the row ends with.
 */
export class DeviceStateBatch {
  private byId = new Map<string, DeviceRowWrite>();
  /** Outlives take(): one entry per device that last reported online with a readable `at`. */
  private readonly applied = new Map<string, AppliedState>();

  get size(): number {
    return this.byId.size;
  }

  /** Takes a state report received at `nowMs`; false when it is ignored as older than the one already taken. */
  state(id: string, state: DeviceStatePayload, nowMs: number): boolean {
    const atMs = Date.parse(state.at);
    if (state.online && isStaleState(this.applied.get(id), atMs, nowMs)) return false;
    if (state.online && Number.isFinite(atMs)) this.applied.set(id, { atMs, appliedMs: nowMs });
    else this.applied.delete(id);
    const lastSeenAt = new Date(nowMs);
    if (state.online) {
      this.byId.set(id, { id, lastSeenAt, online: true, state });
      return true;
    }
    // A Last Will or clean-shutdown state says only "offline": keep what the device last told about itself.
    const pending = this.byId.get(id)?.state;
    if (pending) this.byId.set(id, { id, lastSeenAt, online: false, state: mergeOffline(pending, state), mergeWithStored: this.byId.get(id)!.mergeWithStored });
    else this.byId.set(id, { id, lastSeenAt, online: false, state, mergeWithStored: true });
    return true;
  }

  seen(id: string, nowMs: number): void {
    const pending = this.byId.get(id);
    if (pending) pending.lastSeenAt = new Date(nowMs);
    else this.byId.set(id, { id, lastSeenAt: new Date(nowMs) });
  }

  /** Everything pending, and an empty batch for what comes next. */
  take(): DeviceRowWrite[] {
    const out = [...this.byId.values()];
    this.byId = new Map();
    return out;
  }
}

/** The offline state keeps the device's last known version, volume, cache and clock offset; nothing plays. */
export function mergeOffline(previous: DeviceStatePayload | null, offline: DeviceStatePayload): DeviceStatePayload {
  return { ...(previous ?? {}), ...definedOnly(offline), deviceId: offline.deviceId, at: offline.at, online: false, nowPlaying: null };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
