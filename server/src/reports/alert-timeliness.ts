/**
 * Alert figures (pure): how many devices an alert reached and how fast (发布时效), from the delivery states and
 * the devices' playback starts.
 */
export interface AlertDeliveryFact {
  deviceId: string;
  /** Most advanced answer: waiting, received, playing, success, failed, cancelled. */
  state: string;
  /** False: answered without being targeted when the alert aired. */
  targeted: boolean;
  /** First 'playing' answer (the device's clock); null when it never said it played. */
  playbackAt: Date | null;
  /** When its alert was sent, where facts of several alerts are pooled (else the `sentAt` argument). */
  sentAt?: Date;
}

export interface AlertFigures {
  targeted: number;
  /** Answered at all (received or further). */
  received: number;
  /** Started playing (said so, or finished successfully). */
  played: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  /** Targeted devices without any answer. */
  waiting: number;
  /** received / targeted, 0..1; null when nothing was targeted. */
  ackShare: number | null;
  /** Seconds from sending to the first, median and last playback start; null when none played. */
  firstPlaybackSeconds: number | null;
  medianPlaybackSeconds: number | null;
  lastPlaybackSeconds: number | null;
}

export function alertFigures(facts: readonly AlertDeliveryFact[], sentAt: Date): AlertFigures {
  const targeted = facts.filter((f) => f.targeted);
  const count = (states: readonly string[]) => targeted.filter((f) => states.includes(f.state)).length;
  const received = count(['received', 'playing', 'success', 'failed', 'cancelled']);
  const delays = targeted
    .filter((f) => f.playbackAt !== null)
    .map((f) => Math.max(0, (f.playbackAt!.getTime() - (f.sentAt ?? sentAt).getTime()) / 1000))
    .sort((a, b) => a - b);
  const mid = delays.length >> 1;
  const median = delays.length === 0 ? null : delays.length % 2 === 1 ? delays[mid] : (delays[mid - 1] + delays[mid]) / 2;
  return {
    targeted: targeted.length,
    received,
    played: targeted.filter((f) => f.playbackAt !== null || f.state === 'playing' || f.state === 'success').length,
    succeeded: count(['success']),
    failed: count(['failed']),
    cancelled: count(['cancelled']),
    waiting: count(['waiting']),
    ackShare: targeted.length > 0 ? received / targeted.length : null,
    firstPlaybackSeconds: delays[0] ?? null,
    medianPlaybackSeconds: median,
    lastPlaybackSeconds: delays.length > 0 ? delays[delays.length - 1] : null,
  };
}
