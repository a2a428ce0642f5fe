import { Inject, Injectable, Optional } from '@nestjs/common';
import type { CommandPayload, DeviceCommand, Envelope, SignedPayloadBase } from '@sunshine/playlists';
import { topics } from '@sunshine/playlists';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { MqttBus } from '../mqtt/mqtt-bus';
import { FileSeqHighWater, SeqSource } from './seq-source';
import { SigningKeyService } from './signing-key.service';

/** Every server→device message goes out through here: stamped (issuedAt, expiresAt, seq), signed, published. */
@Injectable()
export class SignedPublisher {
  private readonly seq: SeqSource;

  constructor(
    private readonly keys: SigningKeyService,
    private readonly bus: MqttBus,
    private readonly clock: Clock,
    @Optional() @Inject(APP_CONFIG) config?: AppConfig,
  ) {
    // The high-water mark lives with the signing key: agents compare seq per topic, whatever the server's clock says.
    this.seq = new SeqSource(() => clock.nowMs(), config ? new FileSeqHighWater(path.join(config.dataDir, 'keys', 'envelope-seq')) : undefined);
  }

  stamp(ttlMs: number): SignedPayloadBase {
    const now = this.clock.nowMs();
    return { issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + ttlMs).toISOString(), seq: this.seq.next() };
  }

  async publish<P extends SignedPayloadBase>(topic: string, payload: P, opts: { retain: boolean }): Promise<Envelope<P>> {
    const envelope = this.keys.sign(topic, payload);
    await this.bus.publish(topic, JSON.stringify(envelope), { qos: 1, retain: opts.retain });
    return envelope;
  }

  /** Publishes an envelope signed earlier, unchanged (e.g. restoring retained messages after a broker restart). */
  async republish<P extends SignedPayloadBase>(topic: string, envelope: Envelope<P>): Promise<void> {
    await this.bus.publish(topic, JSON.stringify(envelope), { qos: 1, retain: true });
  }

  /** Removes a retained message from the broker (an empty retained publish is MQTT's way to delete it). */
  async clearRetained(topic: string): Promise<void> {
    await this.bus.publish(topic, '', { qos: 1, retain: true });
  }

  sendCommand(deviceId: string, command: DeviceCommand, ttlMs = 10 * 60_000, commandId: string = randomUUID()): Promise<Envelope<CommandPayload>> {
    const payload: CommandPayload = { kind: 'command', commandId, deviceId, command, ...this.stamp(ttlMs) };
    return this.publish(topics.command(deviceId), payload, { retain: false });
  }
}
