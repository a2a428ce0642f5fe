import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { parseTopic, TOPIC_ROOT } from '@sunshine/playlists';
import { ALERT_ACKS_RECEIVED, type AlertAcksReceivedEvent } from '../alerts/alert-events';
import { Clock } from '../common/clock';
import { DomainEvent, PlayLogsStoredEvent } from '../common/domain-events';
import { KeyedSerialQueue } from '../common/keyed-serial-queue';
import { DevicesService } from '../devices/devices.service';
import { FleetService } from '../fleet/fleet.service';
import { MqttBus } from '../mqtt/mqtt-bus';
import { PlayLogsService } from '../playlogs/playlogs.service';
import { SignedPublisher } from '../signing/signed-publisher.service';
import { parseDeviceState, parseEventsBatch } from './device-messages.parse';
import { AppliedState, isStaleState } from './state-order';

/** Device → server: state and events from MQTT into the database; play logs acknowledged only once stored. */
@Injectable()
export class DeviceTelemetryService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Telemetry');
  /** One device's state reports are written one after another, never overtaking each other. */
  private readonly stateWrites = new KeyedSerialQueue();
  private readonly appliedStates = new Map<string, AppliedState>();

  constructor(
    private readonly bus: MqttBus,
    private readonly devices: DevicesService,
    private readonly playLogs: PlayLogsService,
    private readonly publisher: SignedPublisher,
    private readonly events: EventEmitter2,
    private readonly fleet: FleetService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.subscribe(`${TOPIC_ROOT}/devices/+/state`, (topic, payload) => this.onState(topic, payload));
    await this.bus.subscribe(`${TOPIC_ROOT}/devices/+/events`, (topic, payload) => this.onEvents(topic, payload));
  }

  async onState(topic: string, payload: Buffer): Promise<void> {
    const t = parseTopic(topic);
    if (t?.kind !== 'state' || payload.length === 0) return;
    const parsed = parseDeviceState(payload, t.deviceId);
    if (!parsed.ok) return this.logger.warn(`丢弃设备 ${t.deviceId} 的状态消息：${parsed.reason}`);
    const state = parsed.value;
    await this.stateWrites.run(t.deviceId, async () => {
      const atMs = Date.parse(state.at);
      // Offline reports (a Last Will is written at connect time) always apply; they keep the last known state.
      if (state.online && isStaleState(this.appliedStates.get(t.deviceId), atMs, this.clock.nowMs())) {
        return this.logger.debug(`忽略设备 ${t.deviceId} 较早的状态消息（${state.at}）`);
      }
      await this.devices.recordState(t.deviceId, state);
      if (state.online && Number.isFinite(atMs)) this.appliedStates.set(t.deviceId, { atMs, appliedMs: this.clock.nowMs() });
      else this.appliedStates.delete(t.deviceId);
    });
  }

  async onEvents(topic: string, payload: Buffer): Promise<void> {
    const t = parseTopic(topic);
    if (t?.kind !== 'events') return;
    const parsed = parseEventsBatch(payload, t.deviceId);
    if (!parsed.ok) return this.logger.warn(`丢弃设备 ${t.deviceId} 的事件消息：${parsed.reason}`);
    if (parsed.dropped > 0) this.logger.warn(`设备 ${t.deviceId} 的事件中有 ${parsed.dropped} 条播放记录格式错误，已丢弃`);
    for (const e of parsed.value.errors ?? []) this.logger.warn(`设备 ${t.deviceId} 报告错误 ${e.code}：${e.message}`);
    const alertAcks = parsed.value.alertAcks ?? [];
    if (alertAcks.length > 0) this.events.emit(ALERT_ACKS_RECEIVED, { deviceId: t.deviceId, acks: alertAcks } satisfies AlertAcksReceivedEvent);
    const logs = parsed.value.playLogs ?? [];
    await this.devices.markSeen(t.deviceId);
    await this.fleet.recordResults(t.deviceId, parsed.value.commandResults ?? []);
    if (logs.length === 0) return;
    const fresh = new Set(await this.playLogs.store(logs));
    // Ack every stored id, duplicates included: the agent may delete them from its journal now.
    await this.publisher.sendCommand(t.deviceId, { type: 'playlog-ack', ids: logs.map((l) => l.id) });
    const stored: PlayLogsStoredEvent = {
      deviceId: t.deviceId,
      logs: logs.filter((l) => fresh.has(l.id)).map((l) => ({ id: l.id, contentId: l.contentId, outcome: l.outcome, playedMs: l.playedMs, slotId: l.slotId })),
    };
    if (stored.logs.length > 0) this.events.emit(DomainEvent.PlayLogsStored, stored);
  }
}
