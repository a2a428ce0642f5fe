import type { PlayLogEntry } from '@sunshine/playlists';

/**
 * The entries of one device's batch that are not stored yet: play logs are keyed by (device, agent id), so only
 * this device's ids already stored count as duplicates, and an id repeated inside the batch is kept once (the
 * first copy, as the database would keep it).
 */
export function newPlayLogs(deviceId: string, entries: readonly PlayLogEntry[], storedIds: Iterable<string>): PlayLogEntry[] {
  const seen = new Set(storedIds);
  const out: PlayLogEntry[] = [];
  for (const e of entries) {
    if (e.deviceId !== deviceId || seen.has(e.id)) continue;
    seen.add(e.id);
    out.push(e);
  }
  return out;
}
