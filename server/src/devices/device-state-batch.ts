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
 * Device messages coalesced per device between two database flushes. A connect storm brings one retained state
 * per device within seconds, and on SQLite each lone UPDATE is its own transaction and disk sync, queued on the
 * one connection the broker's authentication also reads from: ten thousand of them kept agents waiting past their
 * connect timeout. Pure: times are passed in.
 */
export class DeviceStateBatch {
  private byId = new Map<string, DeviceRowWrite>();

  get size(): number {
    return this.byId.size;
  }

  state(id: string, state: DeviceStatePayload, atMs: number): void {
    const lastSeenAt = new Date(atMs);
    if (state.online) {
      this.byId.set(id, { id, lastSeenAt, online: true, state });
      return;
    }
    // A Last Will or clean-shutdown state says only "offline": keep what the device last told about itself.
    const pending = this.byId.get(id)?.state;
    if (pending) this.byId.set(id, { id, lastSeenAt, online: false, state: mergeOffline(pending, state), mergeWithStored: this.byId.get(id)!.mergeWithStored });
    else this.byId.set(id, { id, lastSeenAt, online: false, state, mergeWithStored: true });
  }

  seen(id: string, atMs: number): void {
    const pending = this.byId.get(id);
    if (pending) pending.lastSeenAt = new Date(atMs);
    else this.byId.set(id, { id, lastSeenAt: new Date(atMs) });
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
