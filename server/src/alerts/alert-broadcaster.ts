import { Inject, Injectable } from '@nestjs/common';
import { topics, type AlertMedia, type AlertPayload, type MediaRef } from '@sunshine/playlists';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MqttBus } from '../mqtt/mqtt-bus';
import { mediaUrl } from '../playlists/media-url';
import { SignedPublisher } from '../signing/signed-publisher.service';
import type { AlertAudioFile } from './alert-audio';
import type { AlertEntity } from './alert.entity';

/** Loudness is fixed by the mastering; this only tells the device how far to open its own volume. */
const VOLUME_BY_LEVEL: Record<AlertEntity['level'], number> = { 1: 100, 2: 100, 3: 90, 4: 80 };

/**
 * Alerts on the wire: one signed envelope per target region topic (never one per device), retained while the
 * alert is live so a device that reconnects before expiry still gets it; cleared when it ends.
 */
@Injectable()
export class AlertBroadcaster {
  constructor(
    private readonly publisher: SignedPublisher,
    private readonly bus: MqttBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  mediaRef(file: AlertAudioFile): MediaRef {
    return { url: mediaUrl(file.sha256, file.ext, this.config.mediaBaseUrl), sha256: file.sha256, size: file.size, durationMs: file.durationMs, mime: file.mime };
  }

  /** The alert itself (retained), or its cancel (not retained: the retained copy is cleared after it). */
  async publish(alert: AlertEntity & { media: AlertMedia }, status: AlertPayload['status'], regionCodes: readonly string[] = alert.regionCodes): Promise<void> {
    const payload: AlertPayload = {
      kind: 'alert',
      alertId: alert.id,
      status,
      level: alert.level,
      title: alert.title,
      text: alert.text,
      repeat: alert.repeat,
      media: alert.media,
      regionCodes: alert.regionCodes,
      volume: VOLUME_BY_LEVEL[alert.level],
      // One stamp for every topic: seq only has to grow per topic, and the agent dedupes by alertId.
      ...this.publisher.stamp(0),
      expiresAt: alert.expiresAt.toISOString(),
    };
    await Promise.all(regionCodes.map((code) => this.publisher.publish(topics.alert(code), payload, { retain: status === 'active' })));
  }

  /**
   * The embedded broker keeps retained messages in memory only: after a restart, an alert still in force goes back
   * on the topics it still holds (re-signed; agents dedupe by alertId), so a speaker reconnecting later hears it.
   * An external broker keeps its own retained copies.
   */
  async restoreRetained(alert: AlertEntity & { media: AlertMedia }, regionCodes: readonly string[]): Promise<boolean> {
    if (this.config.mqttUrl || regionCodes.length === 0) return false;
    await this.publish(alert, 'active', regionCodes);
    return true;
  }

  /** An empty retained message removes the broker's copy; agents ignore empty alert messages. */
  async clearRetained(regionCodes: readonly string[]): Promise<void> {
    await Promise.all(regionCodes.map((code) => this.bus.publish(topics.alert(code), '', { qos: 1, retain: true })));
  }
}
