import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan } from 'typeorm';
import { ALERT_ACKS_RECEIVED, type AlertAcksReceivedEvent } from '../alerts/alert-events';
import { AlertDeliveryEntity } from '../alerts/alert-delivery.entity';
import { AlertEntity } from '../alerts/alert.entity';
import { Clock } from '../common/clock';
import { DomainEvent, type PlaylistPublishedEvent, type PlayLogsStoredEvent } from '../common/domain-events';
import { DeviceEntity } from '../devices/device.entity';
import { RENDER_PROGRESS, type RenderProgressEvent } from '../media/render-queue.service';
import { RenderJobEntity } from '../media/render-job.entity';
import { createMetrics, GaugeSources, Metrics } from './metrics';

const DAY_MS = 24 * 3600 * 1000;
/** Alert creation times kept for time-to-air; alerts are rare, this only bounds a pathological stream. */
const ALERT_CACHE_MAX = 200;

/** Prometheus metrics: counters and histograms fed by domain events, gauges read from the database at scrape time. */
@Injectable()
export class MetricsService implements GaugeSources {
  readonly metrics: Metrics;
  private readonly alertCreatedAt = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {
    this.metrics = createMetrics(this);
  }

  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }

  get contentType(): string {
    return this.metrics.registry.contentType;
  }

  async devicesOnlineByKind(): Promise<Array<{ kind: string; count: number }>> {
    const rows = await this.db.getRepository(DeviceEntity).createQueryBuilder('d').select('d.kind', 'kind').addSelect('COUNT(*)', 'count')
      .where('d.online = :on AND d.active = :on', { on: true }).groupBy('d.kind').getRawMany<{ kind: string; count: string | number }>();
    return rows.map((r) => ({ kind: r.kind, count: Number(r.count) }));
  }

  async renderQueueByStatus(): Promise<Array<{ status: string; count: number }>> {
    const rows = await this.db.getRepository(RenderJobEntity).createQueryBuilder('j').select('j.status', 'status').addSelect('COUNT(*)', 'count')
      .where('j.status IN (:...s)', { s: ['queued', 'running'] }).groupBy('j.status').getRawMany<{ status: string; count: string | number }>();
    return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
  }

  async recentAlertAcks(): Promise<{ targeted: number; answered: number }> {
    const alerts = await this.db.getRepository(AlertEntity).find({ select: { id: true }, where: { createdAt: MoreThan(new Date(this.clock.nowMs() - DAY_MS)) } });
    if (alerts.length === 0) return { targeted: 0, answered: 0 };
    const rows = await this.db.getRepository(AlertDeliveryEntity).find({ select: { state: true }, where: { alertId: In(alerts.map((a) => a.id)), targeted: true } });
    return { targeted: rows.length, answered: rows.filter((r) => r.state !== 'waiting').length };
  }

  @OnEvent(DomainEvent.PlaylistPublished)
  onPublished(e: PlaylistPublishedEvent): void {
    this.metrics.playlistPublishes.inc();
    if (e.publishMs !== undefined) this.metrics.playlistPublishSeconds.observe(e.publishMs / 1000);
  }

  @OnEvent(DomainEvent.PlayLogsStored)
  onPlayLogs(e: PlayLogsStoredEvent): void {
    for (const log of e.logs) this.metrics.playLogsIngested.inc({ outcome: log.outcome });
  }

  @OnEvent(RENDER_PROGRESS)
  onRender(e: RenderProgressEvent): void {
    if (e.durationMs === undefined || (e.status !== 'done' && e.status !== 'failed' && e.status !== 'queued')) return;
    // A job sent back to the queue after a retryable failure ran and failed this attempt.
    const outcome = e.status === 'done' ? 'done' : e.status === 'failed' ? 'failed' : 'retry';
    this.metrics.renderJobSeconds.observe({ profile: e.profile ?? 'unknown', outcome }, e.durationMs / 1000);
  }

  @OnEvent(ALERT_ACKS_RECEIVED, { async: true })
  async onAlertAcks(e: AlertAcksReceivedEvent): Promise<void> {
    const now = this.clock.nowMs();
    for (const ack of e.acks) {
      this.metrics.alertAcks.inc({ state: ack.state });
      if (ack.state !== 'playing') continue;
      const created = await this.createdAt(ack.alertId);
      if (created !== null) this.metrics.alertTimeToAirSeconds.observe(Math.max(0, now - created) / 1000);
    }
  }

  private async createdAt(alertId: string): Promise<number | null> {
    const known = this.alertCreatedAt.get(alertId);
    if (known !== undefined) return known;
    const alert = await this.db.getRepository(AlertEntity).findOne({ select: { id: true, createdAt: true }, where: { id: alertId } }).catch(() => null);
    if (!alert) return null;
    if (this.alertCreatedAt.size >= ALERT_CACHE_MAX) this.alertCreatedAt.delete(this.alertCreatedAt.keys().next().value!);
    this.alertCreatedAt.set(alertId, alert.createdAt.getTime());
    return alert.createdAt.getTime();
  }
}
