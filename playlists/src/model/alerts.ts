/**
 * Emergency broadcasts (应急广播, DESIGN.md §6): the server publishes one signed envelope per target region on
 * `sunshine/v1/alerts/{regionCode}`; agents answer per alert in their events batch (`alertAcks`).
 */
import type { MediaRef, SignedPayloadBase } from './playlist';

/** China's emergency levels: 1 特别重大, 2 重大, 3 较大, 4 一般. */
export type AlertLevel = 1 | 2 | 3 | 4;
export const ALERT_LEVELS: readonly AlertLevel[] = [1, 2, 3, 4];

export const MAX_ALERT_REPEAT = 5;
/** Spoken text limit: about three minutes of speech. */
export const MAX_ALERT_TEXT_CHARS = 1000;

export interface AlertMedia {
  /** The generated alert tone (预警提示音), the same file for every alert, so agents usually have it already. */
  tone: MediaRef;
  /** The spoken text (small, low-bitrate mono MP3); null when synthesis failed and only the tone can air. */
  speech: MediaRef | null;
}

/**
 * The same alertId is sent on every target region topic (a device may subscribe to several of them) and again,
 * with status 'cancelled' and a higher seq, when the alert is called off. `expiresAt` is the alert's own expiry:
 * an agent never plays an alert after it.
 */
export interface AlertPayload extends SignedPayloadBase {
  kind: 'alert';
  alertId: string;
  status: 'active' | 'cancelled';
  level: AlertLevel;
  title: string;
  text: string;
  /** How many times tone + speech play back to back. */
  repeat: number;
  media: AlertMedia;
  /** Every region the alert targets. */
  regionCodes: string[];
  /** Playback volume hint in percent (0–100); alerts ignore the device's quiet hours. */
  volume: number;
}

/** Per-alert answer of a device (received → playing → success | failed | cancelled). */
export type AlertAckState = 'received' | 'playing' | 'success' | 'failed' | 'cancelled';
export const ALERT_ACK_STATES: readonly AlertAckState[] = ['received', 'playing', 'success', 'failed', 'cancelled'];

/**
 * Why an alert failed on a device: `failed-media` (speech not fetched in time, the tone aired alone),
 * `no-media` (nothing playable), `player-error`, `expired` (it expired before its turn came).
 */
export type AlertFailureReason = 'failed-media' | 'no-media' | 'player-error' | 'expired';

export interface AlertAck {
  /** Chosen by the agent, so a redelivered ack (QoS 1) is recognised. */
  id: string;
  alertId: string;
  state: AlertAckState;
  /** ISO-8601 instant on the agent's clock. */
  at: string;
  reason?: string;
}
