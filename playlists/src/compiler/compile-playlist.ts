/**
 * Schedule → per-device timeline (DESIGN.md §5). Pure and deterministic: the same inputs give the same playlist,
 * and an unchanged timeline keeps its `version` across recompiles so the server can skip republishing.
 * The algorithm is spelled out plainly in reference-compile-playlist.ts; playlist-compiler.ts is the fast one.
 */
import type { MediaRef, PlaylistPayload, PlayPriority, QuietHours } from '../model/playlist';
import { createPlaylistCompiler } from './playlist-compiler';
import type { ScheduleTargets } from './targets';

export type SlotSpec =
  /** `at` is the ISO instant the server recorded when the schedule was created. */
  | { mode: 'now'; at: string }
  /** Each entry is "HH:MM" (every local day) or "YYYY-MM-DDTHH:MM" (once), in the compile timezone. */
  | { mode: 'times'; times: string[] };

export interface ScheduleSpec {
  id: string;
  contentId: string;
  revisionId: string;
  title: string;
  priority: PlayPriority;
  targets: ScheduleTargets;
  /** ISO instants; a slot (or, for loops, now) must lie in [from, until). */
  window: { from?: string; until?: string };
  slots: SlotSpec;
  /** Back-to-back plays per slot, ≥ 1. */
  repeat: number;
}

export interface CompileDevice {
  id: string;
  kind: string;
  profile: string;
  /** Region chain, most specific first. */
  regionCodes: string[];
  tags?: string[];
  /** Undefined means the kind's default (speakers: 22:00–06:00); [] means none. */
  quietHours?: QuietHours[];
  /** When the loop set may play. Undefined means the kind's default (screens: 08:30–17:30, speakers: never). */
  openingHours?: QuietHours[];
}

export interface CompileInput {
  device: CompileDevice;
  schedules: ScheduleSpec[];
  /** Media per revision for this device's profile: key = revisionId. */
  media: Record<string, MediaRef>;
  nowMs: number;
  horizonMs: number;
  /** IANA zone the slot times are written in, e.g. 'Asia/Shanghai'. */
  timezone: string;
  /** A slot whose start is at most this far in the past is still included (default 10 min). */
  graceMs?: number;
}

export interface CompileConflict {
  kind: 'quiet-hours' | 'overlap' | 'missing-media';
  slotId: string;
  scheduleId: string;
  /** Chinese, for the operator. */
  message: string;
  otherSlotId?: string;
}

export type CompiledPlaylist = Omit<PlaylistPayload, 'issuedAt' | 'expiresAt' | 'seq'>;

export interface CompileResult {
  playlist: CompiledPlaylist;
  conflicts: CompileConflict[];
}

/** Conflict slot id of a loop schedule, which has no start time. */
export const loopSlotId = (scheduleId: string): string => `${scheduleId}:loop`;

/**
 * One device's playlist. For a fleet, `createPlaylistCompiler` gives the same results while sharing the
 * device-independent work (slot instants, items, their canonical JSON) between devices.
 */
export function compilePlaylist(input: CompileInput): CompileResult {
  const { device, schedules, media, nowMs, horizonMs, timezone, graceMs } = input;
  return createPlaylistCompiler({ schedules, nowMs, horizonMs, timezone, graceMs }).compile(device, media);
}
