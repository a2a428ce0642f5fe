import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AlertAck } from '@sunshine/playlists';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { DeviceEntity } from '../devices/device.entity';
import { advanceDelivery, coveringTarget, type DeliveryStatus } from './alert-deliveries';
import { AlertDeliveryEntity } from './alert-delivery.entity';
import { ALERT_ACKS_RECEIVED, type AlertAcksReceivedEvent } from './alert-events';
import { AlertEntity } from './alert.entity';

/** A thousand devices answer within a second or two: their acks are written together, not one by one. */
const FLUSH_AFTER_MS = 100;
const FLUSH_AT = 1_000;
const SEEN_IDS_KEPT = 100_000;
const IN_CHUNK = 500;
/** A batch the database refused is tried again this many times (a locked database clears; a bug does not). */
const MAX_WRITE_ATTEMPTS = 3;
const RETRY_AFTER_MS = 1_000;

interface PendingAck {
  deviceId: string;
  ack: AlertAck;
  attempts: number;
}

/** Device answers → alert_deliveries, buffered briefly and applied forward-only per device. */
@Injectable()
export class AlertAcksService implements OnModuleDestroy {
  private readonly logger = new Logger('Alerts');
  private pending: PendingAck[] = [];
  /** Ack ids stored: a QoS 1 redelivery costs no database work. Only stored ones, so a lost write is taken again. */
  private readonly seen = new Set<string>();
  /** Ack ids buffered or being written: a redelivery meanwhile is not queued twice. */
  private readonly inFlight = new Set<string>();
  private closing = false;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  @OnEvent(ALERT_ACKS_RECEIVED)
  onAcks(e: AlertAcksReceivedEvent): void {
    for (const ack of e.acks) {
      if (this.seen.has(ack.id) || this.inFlight.has(ack.id)) continue;
      this.inFlight.add(ack.id);
      this.pending.push({ deviceId: e.deviceId, ack, attempts: 0 });
    }
    if (this.pending.length >= FLUSH_AT) void this.flush();
    else this.flushSoon(FLUSH_AFTER_MS);
  }

  private flushSoon(afterMs: number): void {
    if (this.pending.length > 0 && !this.timer && !this.closing) this.timer = setTimeout(() => void this.flush(), afterMs);
  }

  /** Writes what is buffered; readers of delivery state await this, so what they show is current. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending.splice(0);
    if (batch.length > 0) {
      this.writing = this.writing
        .then(() => this.db.transaction((tx) => this.write(tx, batch)))
        .then(
          () => this.stored(batch),
          (err: Error) => this.failed(batch, err),
        );
    }
    return this.writing;
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.flush();
  }

  private stored(batch: PendingAck[]): void {
    for (const { ack } of batch) {
      this.inFlight.delete(ack.id);
      this.remember(ack.id);
    }
  }

  /** Not stored, so not seen: retried a few times, and a redelivery after that is taken again. */
  private failed(batch: PendingAck[], err: Error): void {
    const retry = this.closing ? [] : batch.filter((p) => p.attempts + 1 < MAX_WRITE_ATTEMPTS);
    const dropped = batch.length - retry.length;
    this.logger.error(`写入应急广播回执失败（${batch.length} 条${retry.length > 0 ? `，${retry.length} 条稍后重试` : ''}）：${err.message}`);
    for (const p of batch) if (!retry.includes(p)) this.inFlight.delete(p.ack.id);
    if (dropped > 0) this.logger.warn(`${dropped} 条应急广播回执未能写入，设备重发时将重新处理`);
    this.pending.push(...retry.map((p) => ({ ...p, attempts: p.attempts + 1 })));
    this.flushSoon(RETRY_AFTER_MS);
  }

  private async write(tx: EntityManager, batch: PendingAck[]): Promise<void> {
    const byAlert = new Map<string, Map<string, AlertAck[]>>();
    for (const { deviceId, ack } of batch) {
      const devices = byAlert.get(ack.alertId) ?? new Map<string, AlertAck[]>();
      devices.set(deviceId, [...(devices.get(deviceId) ?? []), ack]);
      byAlert.set(ack.alertId, devices);
    }
    const alerts = await tx.findBy(AlertEntity, { id: In([...byAlert.keys()]) });
    const known = new Map(alerts.map((a) => [a.id, a]));
    const answeredAt = this.clock.nowMs();
    for (const [alertId, devices] of byAlert) {
      const alert = known.get(alertId);
      if (!alert) {
        this.logger.warn(`收到未知应急广播 ${alertId} 的回执（${devices.size} 台设备），已忽略`);
        continue;
      }
      const ids = [...devices.keys()];
      const rows = new Map<string, AlertDeliveryEntity>();
      for (let i = 0; i < ids.length; i += IN_CHUNK) {
        for (const r of await tx.findBy(AlertDeliveryEntity, { alertId, deviceId: In(ids.slice(i, i + IN_CHUNK)) })) rows.set(r.deviceId, r);
      }
      // Devices with the same new state are updated in one statement.
      const updates = new Map<string, { next: DeliveryStatus; deviceIds: string[] }>();
      const late: string[] = [];
      for (const [deviceId, acks] of devices) {
        const row = rows.get(deviceId);
        if (!row) {
          late.push(deviceId);
          continue;
        }
        const next = advanceDelivery(row, acks);
        if (next.state === row.state) continue;
        const key = `${next.state}\u0000${next.reason ?? ''}`;
        updates.set(key, { next, deviceIds: [...(updates.get(key)?.deviceIds ?? []), deviceId] });
      }
      for (const { next, deviceIds } of updates.values()) {
        for (let i = 0; i < deviceIds.length; i += IN_CHUNK) {
          await tx.update(AlertDeliveryEntity, { alertId, deviceId: In(deviceIds.slice(i, i + IN_CHUNK)) }, { state: next.state, reason: next.reason, answeredAt: new Date(answeredAt) });
        }
      }
      if (late.length > 0) await this.insertLate(tx, alert, late, devices, answeredAt);
    }
  }

  /** A device that got the alert without being targeted when it aired (registered since, or moved into the region). */
  private async insertLate(tx: EntityManager, alert: AlertEntity, deviceIds: string[], acks: Map<string, AlertAck[]>, answeredAt: number): Promise<void> {
    const devices = await tx.findBy(DeviceEntity, { id: In(deviceIds) });
    const rows = devices.flatMap((d) => {
      const regionCode = coveringTarget(d.regionCode, alert.regionCodes);
      if (!regionCode) return [];
      const next = advanceDelivery({ state: 'waiting', reason: null }, acks.get(d.id) ?? []);
      return [tx.create(AlertDeliveryEntity, { alertId: alert.id, deviceId: d.id, regionCode, state: next.state, reason: next.reason, targeted: false, answeredAt: new Date(answeredAt) })];
    });
    if (rows.length > 0) await tx.insert(AlertDeliveryEntity, rows);
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size <= SEEN_IDS_KEPT) return;
    // Sets iterate in insertion order: forget the oldest tenth.
    let drop = SEEN_IDS_KEPT / 10;
    for (const old of this.seen) {
      if (drop-- <= 0) break;
      this.seen.delete(old);
    }
  }
}
