import type { PlaylistRequestKind } from './playlist-request.entity';

export interface PlaylistRequest {
  kind: PlaylistRequestKind;
  /** null: every active device. */
  deviceIds: string[] | null;
}

/**
 * Folds handed-over requests, kept in the order they were received, into as few runs as possible: neighbours of the
 * same kind merge (a bulk registration on a standby becomes one compile, not one per device), but nothing moves
 * across a request of the other kind (a device withdrawn and then re-enabled must end up with a playlist).
 */
export function mergeRequests(requests: readonly PlaylistRequest[]): PlaylistRequest[] {
  const out: PlaylistRequest[] = [];
  for (const r of requests) {
    const last = out[out.length - 1];
    if (last && last.kind === r.kind) {
      last.deviceIds = last.deviceIds === null || r.deviceIds === null ? null : [...new Set([...last.deviceIds, ...r.deviceIds])];
    } else {
      out.push({ kind: r.kind, deviceIds: r.deviceIds === null ? null : [...new Set(r.deviceIds)] });
    }
  }
  return out;
}
