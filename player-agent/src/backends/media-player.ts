import type { LoopItem, TimelineItem } from '@sunshine/playlists/device';

export type PlayableItem = TimelineItem | LoopItem;

export interface PlayResult {
  ok: boolean;
  reason?: string;
}

/** One playback in progress. `done` never rejects; `stop()` makes it resolve with ok=false. */
export interface PlayHandle {
  done: Promise<PlayResult>;
  stop(): void;
}

/** Device volume in percent. */
export const MIN_VOLUME = 0;
export const MAX_VOLUME = 100;

/** A playback backend: plays one verified file to the end. */
export interface MediaPlayer {
  play(file: string, item: PlayableItem): PlayHandle;
  /**
   * Optional: the scheduler names the file that plays next a moment (about 2 s) before it starts, so the backend
   * can get it ready (read it into the page cache, resolve arguments) and start it without a gap. Never throws:
   * a file that cannot be prepared fails in play() as it would have anyway.
   */
  prepare?(file: string, item: PlayableItem): void;
  /** Optional: volume 0–100 for the plays that start from now on; false when this backend cannot apply it. */
  setVolume?(volume: number): boolean;
}
