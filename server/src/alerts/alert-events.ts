import type { AlertAck } from '@sunshine/playlists';

/** Telemetry → alerts: a device's alert answers from its events batch (in-process, EventEmitter2). */
export const ALERT_ACKS_RECEIVED = 'alerts.acks-received';

export interface AlertAcksReceivedEvent {
  deviceId: string;
  acks: AlertAck[];
}
