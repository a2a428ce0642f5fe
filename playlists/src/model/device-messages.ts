/** Messages between agent and server other than the playlist (DESIGN.md §6). */
import type { AlertAck } from './alerts';
import type { SignedPayloadBase } from './playlist';

export type PlayOutcome = 'completed' | 'interrupted' | 'failed';

/** A journalled play; `id` is chosen by the agent so redelivery (QoS 1 duplicates) is idempotent. */
export interface PlayLogEntry {
  id: string;
  deviceId: string;
  slotId: string | null;
  scheduleId: string | null;
  contentId: string;
  revisionId: string | null;
  sha256: string;
  startedAt: string;
  endedAt: string;
  playedMs: number;
  outcome: PlayOutcome;
  reason?: string;
}

export interface AgentErrorEvent {
  id: string;
  at: string;
  code: string;
  message: string;
  topic?: string;
}

/** Payload the agent publishes on its events topic. Batched. */
export interface DeviceEventsBatch {
  kind: 'events';
  deviceId: string;
  batchId: string;
  sentAt: string;
  playLogs?: PlayLogEntry[];
  errors?: AgentErrorEvent[];
  commandResults?: Array<{ commandId: string; ok: boolean; message?: string; at: string }>;
  /** Emergency broadcast answers; absent in batches of agents that predate alerts. */
  alertAcks?: AlertAck[];
}

/**
 * Agents republish their retained state at least this often while connected (heartbeat); the server marks a device
 * offline after OFFLINE_AFTER_MISSED_HEARTBEATS beats without any message from it (the Last Will can be lost too).
 */
export const STATE_HEARTBEAT_MS = 60_000;
export const OFFLINE_AFTER_MISSED_HEARTBEATS = 3;

/** Retained device state (also the Last Will with online=false). */
export interface DeviceStatePayload {
  online: boolean;
  deviceId: string;
  agentVersion?: string;
  at: string;
  nowPlaying?: { contentId: string; slotId: string | null; title: string; since: string } | null;
  volume?: number;
  cacheBytes?: number;
  clockOffsetMs?: number;
  playlistVersion?: string | null;
}

/** Server→device commands, sent signed on the command topic. */
export type DeviceCommand =
  | { type: 'playlog-ack'; ids: string[] }
  | { type: 'set-volume'; volume: number }
  | { type: 'sync-now' }
  | { type: 'stop' }
  | { type: 'identify' };

export interface CommandPayload extends SignedPayloadBase {
  kind: 'command';
  commandId: string;
  deviceId: string;
  command: DeviceCommand;
}
