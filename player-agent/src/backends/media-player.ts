import type { LoopItem, TimelineItem } from '@sunshine/playlists';

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

/** A playback backend: plays one verified file to the end. */
export interface MediaPlayer {
  play(file: string, item: PlayableItem): PlayHandle;
}
