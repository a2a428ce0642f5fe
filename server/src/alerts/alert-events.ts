import type { AlertAck } from '@sunshine/playlists';

/** Telemetry → alerts: a device's alert answers from its events batch (in-process, EventEmitter2). */
export const ALERT_ACKS_RECEIVED = 'alerts.acks-received';

export interface AlertAcksReceivedEvent {
  deviceId: string;
  acks: AlertAck[];
}

/** Alerts → reports: an alert went out to its target devices (their delivery rows are written), at `sentAt`. */
export const ALERT_AIRED = 'alerts.aired';

export interface AlertAiredEvent {
  alertId: string;
  sentAt: Date;
}
