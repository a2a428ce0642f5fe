/**
 * The playlist a device receives (DESIGN.md §5, §6). Times are absolute instants (ISO-8601 UTC);
 * the compiler resolves local (Asia/Shanghai) wall-clock slots into instants so the agent needs no tz data.
 */

/** Every server→device payload carries these (DESIGN.md §6): agents reject replays and expired messages. */
export interface SignedPayloadBase {
  /** ISO-8601 instant the server issued the message. */
  issuedAt: string;
  /** ISO-8601 instant after which the message must not be acted upon. */
  expiresAt: string;
  /** Strictly increasing per (device, topic) stream; a lower or equal seq is a replay. */
  seq: number;
}

/** A file in the content-addressed store. */
export interface MediaRef {
  /** Absolute URL, or a path (`/media/<sha256>.mp3`) resolved against the agent's server URL. */
  url: string;
  sha256: string;
  size: number;
  durationMs: number;
  mime: string;
}

export type PlayPriority = 'emergency' | 'timed' | 'loop';

/** Numeric rank for deterministic conflict resolution: higher wins. */
export const PRIORITY_RANK: Record<PlayPriority, number> = { emergency: 3, timed: 2, loop: 1 };

/** One timed airing in the materialised timeline. */
export interface TimelineItem {
  /** Stable slot id: `${scheduleId}:${startAt}` — the same slot compiled twice keeps its id. */
  slotId: string;
  scheduleId: string;
  contentId: string;
  revisionId: string;
  title: string;
  priority: PlayPriority;
  /** ISO-8601 instant the item should start. */
  startAt: string;
  /** How many times to play the media back to back (重要通知播两遍). */
  repeat: number;
  media: MediaRef;
}

/** A loop member (TV/LED loops during opening hours). */
export interface LoopItem {
  scheduleId: string;
  contentId: string;
  revisionId: string;
  title: string;
  media: MediaRef;
  /**
   * ISO-8601 instant the member joins the loop (inclusive). Set only when its schedule window starts inside the
   * playlist horizon, so an offline agent starts it on time; absent = already a member.
   */
  from?: string;
  /**
   * ISO-8601 instant the member leaves the loop (exclusive). Set only when its schedule window ends inside the
   * horizon, so an offline agent stops looping it on time; absent = no end within the horizon.
   */
  until?: string;
}

export interface QuietHours {
  /** Local wall-clock "HH:MM" in the playlist's timezone. */
  from: string;
  until: string;
}

export interface PlaylistPayload extends SignedPayloadBase {
  kind: 'playlist';
  deviceId: string;
  /** The device's region chain, most specific first (village → … → province): the agent subscribes to these alert topics. */
  regionCodes: string[];
  /** Content hash of the timeline+loop (not of issuedAt/seq): equal versions mean nothing changed. */
  version: string;
  timezone: string;
  /** ISO-8601 instants bounding the materialised timeline. */
  horizon: { from: string; until: string };
  items: TimelineItem[];
  loop: LoopItem[];
  quietHours: QuietHours[];
  /**
   * Local "HH:MM" ranges when the loop set may play (service-hall opening hours); [] = never. Absent = no
   * restriction: playlists of servers that predate opening hours loop all day, as agents then did.
   */
  openingHours?: QuietHours[];
}
