/** In-process domain events (EventEmitter2). Payloads name ids only; listeners load what they need. */
export enum DomainEvent {
  DevicesChanged = 'devices.changed',
  RevisionApproved = 'revision.approved',
  RenditionReady = 'rendition.ready',
  SchedulesChanged = 'schedules.changed',
  PlaylistPublished = 'playlist.published',
  PlayLogsStored = 'playlogs.stored',
  /** A device subscribed to its command topic (embedded broker): commands sent from now on reach it. */
  DeviceListening = 'device.listening',
  /** The embedded broker refused a device's publish (a topic not its own, an oversized payload). */
  DeviceMessageRefused = 'device.message-refused',
}

export interface DeviceMessageRefusedEvent {
  deviceId: string;
  code: 'TOPIC_DENIED' | 'MESSAGE_TOO_LARGE';
  message: string;
}

export interface DevicesChangedEvent {
  deviceIds: string[];
}
export interface RevisionApprovedEvent {
  contentId: string;
  revisionId: string;
}
export interface RenditionReadyEvent {
  revisionId: string;
  profile: string;
  sha256: string;
}
export interface SchedulesChangedEvent {
  scheduleIds?: string[];
  contentIds?: string[];
}
export interface PlaylistPublishedEvent {
  deviceId: string;
  version: string;
  items: number;
  /** Sign + publish time of this playlist (broker acknowledged), for the publish latency metric. */
  publishMs?: number;
}
export interface PlayLogsStoredEvent {
  deviceId: string;
  logs: Array<{ id: string; contentId: string; outcome: string; playedMs: number; slotId: string | null }>;
}

export interface DeviceListeningEvent {
  deviceId: string;
}
