import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { parseTopic, TOPIC_ROOT } from '@sunshine/playlists';
import { ALERT_ACKS_RECEIVED, type AlertAcksReceivedEvent } from '../alerts/alert-events';
import { Clock } from '../common/clock';
import { DeviceMessageRefusedEvent, DomainEvent, PlayLogsStoredEvent } from '../common/domain-events';
import { DevicesService } from '../devices/devices.service';
import { FleetService } from '../fleet/fleet.service';
import { MqttBus } from '../mqtt/mqtt-bus';
import { PlayLogsService } from '../playlogs/playlogs.service';
import { SignedPublisher } from '../signing/signed-publisher.service';
import { DeviceMessageGuard, DeviceMessageProblem, DeviceMessageProblemCode, REPORT_EVERY_MS } from './device-message-guard';
import { parseDeviceState, parseEventsBatch } from './device-messages.parse';

/** Device → server: state and events from MQTT into the database; play logs acknowledged only once stored. */
@Injectable()
export class DeviceTelemetryService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Telemetry');
  /**
   * Every device message passes a per-device token bucket and a size cap before it is parsed, so one broken
   * or hostile device cannot starve the others (with an external broker too, which may not limit).
   */
  private readonly guard = new DeviceMessageGuard();
  private timer: NodeJS.Timeout | null = null;

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
    this.timer = setInterval(() => {
      for (const { deviceId, problem } of this.guard.due(this.clock.nowMs())) this.report(deviceId, problem);
    }, REPORT_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async onState(topic: string, payload: Buffer): Promise<void> {
    const t = parseTopic(topic);
    if (t?.kind !== 'state' || payload.length === 0 || !this.admitted(t.deviceId, payload)) return;
    const parsed = parseDeviceState(payload, t.deviceId);
    if (!parsed.ok) return this.refuse(t.deviceId, parsed.wrongDevice ? 'WRONG_DEVICE' : 'MALFORMED_MESSAGE', `状态消息已丢弃：${parsed.reason}`);
    // Ordering (an older report never overwrites a newer one) is the state batch's: DevicesService.recordState.
    if (!(await this.devices.recordState(t.deviceId, parsed.value))) this.logger.debug(`忽略设备 ${t.deviceId} 较早的状态消息（${parsed.value.at}）`);
  }

  async onEvents(topic: string, payload: Buffer): Promise<void> {
    const t = parseTopic(topic);
    if (t?.kind !== 'events' || !this.admitted(t.deviceId, payload)) return;
    const parsed = parseEventsBatch(payload, t.deviceId);
    if (!parsed.ok) return this.refuse(t.deviceId, parsed.wrongDevice ? 'WRONG_DEVICE' : 'MALFORMED_MESSAGE', `事件消息已丢弃：${parsed.reason}`);
    if (parsed.dropped > 0) this.refuse(t.deviceId, 'MALFORMED_MESSAGE', `事件中有 ${parsed.dropped} 条播放记录格式错误，已丢弃`);
    for (const e of parsed.value.errors ?? []) this.logger.warn(`设备 ${t.deviceId} 报告错误 ${e.code}：${e.message}`);
    const alertAcks = parsed.value.alertAcks ?? [];
    if (alertAcks.length > 0) this.events.emit(ALERT_ACKS_RECEIVED, { deviceId: t.deviceId, acks: alertAcks } satisfies AlertAcksReceivedEvent);
    const logs = parsed.value.playLogs ?? [];
    await this.fleet.recordResults(t.deviceId, parsed.value.commandResults ?? []);
    // Both are batched writes with their own short windows: waiting for them side by side, not one after the other.
    const [, fresh] = await Promise.all([this.devices.markSeen(t.deviceId), this.playLogs.store(t.deviceId, logs)]);
    if (logs.length === 0) return;
    // Ack every id of the batch, duplicates included: the agent may delete them from its journal now. The ack
    // goes to this device only, so an id another device also used is never acknowledged on its behalf.
    await this.publisher.sendCommand(t.deviceId, { type: 'playlog-ack', ids: [...new Set(logs.map((l) => l.id))] });
    const stored: PlayLogsStoredEvent = {
      deviceId: t.deviceId,
      logs: fresh.map((l) => ({ id: l.id, contentId: l.contentId, outcome: l.outcome, playedMs: l.playedMs, slotId: l.slotId })),
    };
    if (stored.logs.length > 0) this.events.emit(DomainEvent.PlayLogsStored, stored);
  }

  /** What the embedded broker refused (another device's topic, an oversized payload) counts against the device too. */
  @OnEvent(DomainEvent.DeviceMessageRefused)
  onRefusedByBroker(e: DeviceMessageRefusedEvent): void {
    this.refuse(e.deviceId, e.code, e.message);
  }

  private admitted(deviceId: string, payload: Buffer): boolean {
    const refused = this.guard.admit(deviceId, payload.length, this.clock.nowMs());
    if (refused) this.refuse(deviceId, refused.code, refused.message);
    return !refused;
  }

  private refuse(deviceId: string, code: DeviceMessageProblemCode, message: string): void {
    const problem = this.guard.note(deviceId, code, message, this.clock.nowMs());
    if (problem) this.report(deviceId, problem);
  }

  /** One log line and one write per device per period, however many messages were dropped. */
  private report(deviceId: string, problem: DeviceMessageProblem): void {
    this.logger.warn(`设备 ${deviceId} 的 MQTT 消息被丢弃（${problem.code}，${problem.dropped} 条）：${problem.message}`);
    this.devices.recordMessageProblem(deviceId, problem).catch((e: Error) => this.logger.error(`无法记录设备 ${deviceId} 的消息问题：${e.message}`));
  }
}
