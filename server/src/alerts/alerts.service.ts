import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { MediaError } from '@sunshine/media';
import type { AlertLevel, AlertMedia, MediaRef } from '@sunshine/playlists';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource, EntityManager, FindOptionsWhere, In, Like, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { Page, pageWindow, wantsPage } from '../common/pagination';
import type { ListAlertsQuery } from './alert.dto';
import { DeviceEntity } from '../devices/device.entity';
import { significantPrefix } from '../devices/devices.service';
import { RegionsService } from '../regions/regions.service';
import { AlertAcksService } from './alert-acks.service';
import { AlertAudio } from './alert-audio';
import { AlertAuditAction, AlertAuditEntity, AlertAuditSource } from './alert-audit.entity';
import { AlertBroadcaster } from './alert-broadcaster';
import { countsByTown, retainedCodesOf, summariseDeliveries, targetedDevices, zeroCounts, type DeliverySummary, type StateCounts, type TownCounts } from './alert-deliveries';
import { AlertDeliveryEntity } from './alert-delivery.entity';
import { AlertEntity, AlertSource, AlertStatus } from './alert.entity';
import { ALERTS_CONFIG, AlertsConfig, MAX_ALERT_TTL_MS, MIN_ALERT_TTL_MS } from './alerts-config';

/** Named one-shot timers in the scheduler's registry, one per live alert. */
const EXPIRY_PREFIX = 'alert-expiry:';
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export const DEFAULT_ALERT_VOICE = 'espeak:cmn';
export const DEFAULT_ALERT_REPEAT = 2;
const LEVEL_NAMES: Record<AlertLevel, string> = { 1: '特别重大', 2: '重大', 3: '较大', 4: '一般' };
const INSERT_CHUNK = 200;

/** Who acts, and through which channel (the audit trail records both). */
export interface AlertActor {
  user: AuthUser | null;
  source: AlertSource | 'system';
  capSender?: string;
}

export interface AlertInput {
  text: string;
  title?: string;
  regionCodes: string[];
  level: AlertLevel;
  repeat?: number;
  voice?: string;
  expiresAt?: string;
  cap?: { sender: string; identifier: string; sent: string };
  supersedes?: string[];
}

/** air: publish now; hold: wait for a duty officer's confirmation; exercise: store only, never air. */
export type AlertMode = 'air' | 'hold' | 'exercise';

export interface AlertView {
  id: string;
  status: AlertStatus;
  level: AlertLevel;
  title: string;
  text: string;
  voice: string;
  repeat: number;
  regionCodes: string[];
  source: AlertSource;
  createdBy: string | null;
  cap: { sender: string; identifier: string; sent: string | null } | null;
  supersedes: string[];
  media: AlertMedia | null;
  createdAt: Date;
  expiresAt: Date;
  publishedAt: Date | null;
  publishLatencyMs: number | null;
  endedAt: Date | null;
  targetedDevices: number;
  /** Device answers so far, per state. */
  counts: StateCounts;
}

export interface AlertDetail extends AlertView {
  deliveries: Omit<DeliverySummary, 'byRegion'> & {
    byRegion: Array<DeliverySummary['byRegion'][number] & { name: string | null }>;
    /** Per town of the devices, whatever level was targeted. */
    byTown: Array<TownCounts & { name: string | null }>;
  };
}

/**
 * Emergency broadcasts: accept (validate, synthesise on the fast path, persist the target devices), publish one
 * signed envelope per target region, track the devices' answers, cancel, expire, and keep the audit trail.
 */
@Injectable()
export class AlertsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Alerts');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(AlertEntity) private readonly alerts: Repository<AlertEntity>,
    @InjectRepository(AlertDeliveryEntity) private readonly deliveries: Repository<AlertDeliveryEntity>,
    @InjectRepository(AlertAuditEntity) private readonly audits: Repository<AlertAuditEntity>,
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    private readonly regions: RegionsService,
    private readonly audio: AlertAudio,
    private readonly broadcaster: AlertBroadcaster,
    private readonly acks: AlertAcksService,
    private readonly clock: Clock,
    @Inject(ALERTS_CONFIG) private readonly config: AlertsConfig,
    private readonly scope: ScopeService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const live = await this.alerts.findBy({ status: In(['active', 'pending-confirmation']) });
    for (const alert of live) this.armExpiry(alert);
    await this.restoreRetained(live.filter((a) => a.status === 'active'));
    // In the background: start-up does not wait, and the first alert finds the tone made and the TTS worker warm.
    const started = performance.now();
    void this.audio.warm().then(
      () => this.logger.log(`应急广播快速通道已就绪（预警提示音已生成，离线语音已预热，用时 ${Math.round(performance.now() - started)} 毫秒）`),
      (err: Error) => this.logger.warn(`应急广播预热失败（首条预警会稍慢）：${err.message}`),
    );
  }

  async onModuleDestroy(): Promise<void> {
    for (const name of this.scheduler.getTimeouts()) if (name.startsWith(EXPIRY_PREFIX)) this.scheduler.deleteTimeout(name);
    await this.audio.close();
  }

  /** Accepts an alert; in 'air' mode it is on the wire when this resolves. */
  async create(input: AlertInput, actor: AlertActor, mode: AlertMode): Promise<AlertView> {
    const started = performance.now();
    const now = this.clock.nowMs();
    const voice = input.voice ?? DEFAULT_ALERT_VOICE;
    if (!this.audio.voices().some((v) => v.id === voice)) {
      const offline = this.audio.voices().map((v) => v.id).join('、');
      throw AppError.badRequest(ErrorCode.UnknownVoice, `应急广播只能使用离线语音（${offline}），不支持 ${voice}`);
    }
    const expiresAt = this.expiryOf(input.expiresAt, now);
    const regionCodes = [...new Set(input.regionCodes)];
    await this.regions.assertAllExist(regionCodes);
    // A town duty officer alerts their own town only (a pure check: no cost on the fast path when it passes).
    await this.scope.assertRegionCodes(actor.user, regionCodes);
    const [media, targets] = await Promise.all([
      mode === 'exercise' ? null : this.renderMedia(input.text, voice),
      mode === 'air' ? this.targetsOf(regionCodes) : null,
    ]);
    const alert = this.alerts.create({
      id: randomUUID(),
      status: mode === 'air' ? 'active' : mode === 'hold' ? 'pending-confirmation' : 'exercise',
      level: input.level,
      title: (input.title?.trim() || `${LEVEL_NAMES[input.level]}突发事件预警（${input.level}级）`).slice(0, 200),
      text: input.text,
      voice,
      repeat: input.repeat ?? DEFAULT_ALERT_REPEAT,
      regionCodes,
      targetedCount: targets?.length ?? 0,
      media,
      source: actor.source === 'system' ? 'api' : actor.source,
      createdBy: actor.user?.id ?? null,
      capSender: input.cap?.sender ?? null,
      capIdentifier: input.cap?.identifier ?? null,
      capSent: input.cap?.sent ?? null,
      supersedes: input.supersedes ?? [],
      createdAt: new Date(now),
      expiresAt,
      publishedAt: null,
      publishLatencyMs: null,
      endedAt: null,
    });
    const action: AlertAuditAction = mode === 'air' ? 'sent' : mode === 'hold' ? 'held' : 'exercise-stored';
    const detail = mode === 'hold' ? `级别 ${alert.level}，等待值班员确认后播出` : mode === 'exercise' ? 'CAP 演练/测试，不在设备上播出' : null;
    await this.db.transaction(async (tx) => {
      await tx.save(alert);
      await tx.save(this.auditRow(alert, action, actor, detail));
      if (targets) await this.insertDeliveries(tx, alert.id, targets);
    });
    if (mode === 'air') await this.publish(alert, actor, started);
    else if (mode === 'hold') this.armExpiry(alert);
    return this.view(alert, { ...zeroCounts(), waiting: targets?.length ?? 0 });
  }

  /** A held CAP alert goes out now; its target devices are taken as they are at this moment. */
  async confirm(id: string, actor: AlertActor): Promise<AlertView> {
    const started = performance.now();
    const alert = await this.load(id);
    await this.scope.assertRegionCodes(actor.user, alert.regionCodes);
    if (alert.status !== 'pending-confirmation') throw AppError.conflict(ErrorCode.InvalidTransition, `预警${STATUS_LABELS[alert.status]}，不需要确认`);
    if (alert.expiresAt.getTime() <= this.clock.nowMs()) {
      await this.expire(alert.id);
      throw AppError.conflict(ErrorCode.InvalidTransition, '预警已过期，不能再播出');
    }
    const targets = await this.targetsOf(alert.regionCodes);
    alert.status = 'active';
    alert.targetedCount = targets.length;
    await this.db.transaction(async (tx) => {
      await tx.update(AlertEntity, { id }, { status: alert.status, targetedCount: alert.targetedCount });
      await tx.save(this.auditRow(alert, 'confirmed', actor, null));
      await this.insertDeliveries(tx, alert.id, targets);
    });
    await this.publish(alert, actor, started);
    return this.view(alert, { ...zeroCounts(), waiting: targets.length });
  }

  /** Devices still playing or about to play it stop and answer 'cancelled'. */
  async cancel(id: string, actor: AlertActor, reason?: string): Promise<AlertView> {
    const alert = await this.load(id);
    await this.scope.assertRegionCodes(actor.user, alert.regionCodes);
    if (alert.status === 'cancelled' || alert.status === 'expired') {
      throw AppError.conflict(ErrorCode.InvalidTransition, `预警${STATUS_LABELS[alert.status]}，不能撤销`);
    }
    if (alert.status === 'active' && alert.media) {
      await this.broadcaster.publish({ ...alert, media: alert.media }, 'cancelled');
      await this.broadcaster.clearRetained(await this.retainedCodes(alert));
    }
    this.disarmExpiry(id);
    const wasActive = alert.status === 'active';
    alert.status = 'cancelled';
    alert.endedAt = this.clock.now();
    await this.db.transaction(async (tx) => {
      await tx.update(AlertEntity, { id }, { status: alert.status, endedAt: alert.endedAt });
      await tx.save(this.auditRow(alert, 'cancelled', actor, reason ?? null));
    });
    this.logger.log(`应急广播 ${id}《${alert.title}》已撤销${wasActive ? `，已向 ${alert.regionCodes.length} 个区域发布撤销消息` : ''}`);
    return this.view(alert, await this.countsOf(id));
  }

  async get(id: string, user?: AuthUser): Promise<AlertDetail> {
    await this.acks.flush();
    const alert = await this.loadVisible(id, user);
    const rows = await this.deliveries.findBy({ alertId: id });
    const summary = summariseDeliveries(rows, alert.regionCodes);
    const names = new Map((await this.regions.list()).map((r) => [r.code, r.name]));
    const deviceRegions = new Map((await this.devices.find({ select: { id: true, regionCode: true } })).map((d) => [d.id, d.regionCode]));
    const byTown = countsByTown(rows.map((r) => ({ state: r.state, deviceRegion: deviceRegions.get(r.deviceId) ?? null })));
    return {
      ...this.view(alert, summary.byState),
      deliveries: {
        ...summary,
        byRegion: summary.byRegion.map((r) => ({ ...r, name: names.get(r.regionCode) ?? null })),
        byTown: byTown.map((t) => ({ ...t, name: t.townCode ? (names.get(t.townCode) ?? null) : null })),
      },
    };
  }

  /**
   * Newest first, filtered. Without `page`/`pageSize` the latest 200 as a bare array (the console's alert pages
   * read that), the paged form with. A scoped account sees the alerts that cover part of its region (its own and
   * county-wide ones); alert areas are a list, so that filter runs here and the page is cut after it.
   */
  async list(q: ListAlertsQuery = {}, user?: AuthUser): Promise<AlertView[] | Page<AlertView>> {
    await this.acks.flush();
    const where: FindOptionsWhere<AlertEntity> = {};
    if (q.status) where.status = q.status;
    if (q.source) where.source = q.source;
    const paged = wantsPage(q);
    const w = pageWindow(q);
    let alerts: AlertEntity[];
    let total: number;
    if (this.scope.isCountyWide(user)) {
      [alerts, total] = await this.alerts.findAndCount({ where, order: { createdAt: 'DESC' }, skip: paged ? w.skip : 0, take: paged ? w.take : 200 });
    } else {
      const visible = (await this.alerts.find({ where, order: { createdAt: 'DESC' } })).filter((a) => this.visibleTo(a, user));
      total = visible.length;
      alerts = paged ? visible.slice(w.skip, w.skip + w.take) : visible.slice(0, 200);
    }
    const counts = await this.countsFor(alerts.map((a) => a.id));
    const items = alerts.map((a) => this.view(a, counts.get(a.id) ?? zeroCounts()));
    return paged ? { items, total, page: w.page, pageSize: w.pageSize } : items;
  }

  /** A CAP alert waiting for confirmation is set aside unaired: it never goes out, and the audit says who decided. */
  async discard(id: string, actor: AlertActor, reason?: string): Promise<AlertView> {
    const alert = await this.load(id);
    await this.scope.assertRegionCodes(actor.user, alert.regionCodes);
    if (alert.status !== 'pending-confirmation') {
      throw AppError.conflict(ErrorCode.InvalidTransition, `预警${STATUS_LABELS[alert.status]}，只有等待确认的预警可以作废`);
    }
    this.disarmExpiry(id);
    alert.status = 'cancelled';
    alert.endedAt = this.clock.now();
    await this.db.transaction(async (tx) => {
      await tx.update(AlertEntity, { id }, { status: alert.status, endedAt: alert.endedAt });
      await tx.save(this.auditRow(alert, 'discarded', actor, reason ?? null));
    });
    this.logger.log(`等待确认的预警 ${id}《${alert.title}》已作废，不播出`);
    return this.view(alert, await this.countsOf(id));
  }

  /** Every targeted device with its state, for the duty officer's follow-up calls. */
  async deviceStates(id: string, user?: AuthUser): Promise<AlertDeliveryEntity[]> {
    await this.acks.flush();
    await this.loadVisible(id, user);
    const rows = await this.deliveries.find({ where: { alertId: id }, order: { regionCode: 'ASC', deviceId: 'ASC' } });
    return rows.filter((r) => this.scope.containsRegion(user, r.regionCode));
  }

  async audit(id: string, user?: AuthUser): Promise<AlertAuditEntity[]> {
    await this.loadVisible(id, user);
    return this.audits.find({ where: { alertId: id }, order: { at: 'ASC' } });
  }

  /** The alert tone every alert carries, for agents to fetch before they ever need it. */
  async tone(): Promise<{ tone: MediaRef }> {
    return { tone: this.broadcaster.mediaRef(await this.audio.alertTone()) };
  }

  findByCap(sender: string, identifier: string): Promise<AlertEntity[]> {
    return this.alerts.findBy({ capSender: sender, capIdentifier: identifier });
  }

  /**
   * Publishes from whichever API process received the alert, standby included (playlists, by contrast, are handed
   * to the leader): one signed publish per region topic, derived from nothing another process compiles, and a
   * duplicate is harmless (same alert id, agents play it once). Going through the leader would add its poll to the
   * 2 s time-to-air, and its fail-over (up to 10 s) when it has just died.
   */
  private async publish(alert: AlertEntity, actor: AlertActor, started: number): Promise<void> {
    if (!alert.media) throw new Error(`alert ${alert.id} has no media`);
    const publishedAt = performance.now();
    await this.broadcaster.publish({ ...alert, media: alert.media }, 'active');
    alert.publishedAt = this.clock.now();
    alert.publishLatencyMs = Math.round(performance.now() - started);
    this.armExpiry(alert);
    this.logger.log(
      `应急广播 ${alert.id}《${alert.title}》已发布到 ${alert.regionCodes.length} 个区域（${alert.targetedCount} 台设备）：` +
        `受理到发布 ${alert.publishLatencyMs} 毫秒（其中 MQTT 发布 ${Math.round(performance.now() - publishedAt)} 毫秒）`,
    );
    // The duty officer's answer does not wait for this write: the devices' answers are queued for the same database.
    void this.alerts
      .update({ id: alert.id }, { publishedAt: alert.publishedAt, publishLatencyMs: alert.publishLatencyMs })
      .catch((err: Error) => this.logger.error(`记录预警 ${alert.id} 的发布时间失败：${err.message}`));
    for (const old of alert.supersedes) {
      const superseded = await this.alerts.findOneBy({ id: old });
      if (superseded && (superseded.status === 'active' || superseded.status === 'pending-confirmation')) {
        await this.cancel(old, actor, `已被更新的预警 ${alert.id} 取代`);
      }
    }
  }

  /** Speech is synthesised with the tone; if only speech fails, the tone still airs (better than silence). */
  private async renderMedia(text: string, voice: string): Promise<AlertMedia> {
    const [tone, speech] = await Promise.allSettled([this.audio.alertTone(), this.audio.speech(text, voice)]);
    if (speech.status === 'rejected' && speech.reason instanceof MediaError && speech.reason.code === 'TEXT_EMPTY') {
      throw AppError.badRequest(ErrorCode.ValidationFailed, speech.reason.message);
    }
    if (tone.status === 'rejected') {
      throw new AppError(ErrorCode.AlertMediaFailed, 500, `无法生成预警提示音，预警未发布：${(tone.reason as Error).message}`);
    }
    if (speech.status === 'rejected') this.logger.error(`预警语音合成失败，只播提示音：${(speech.reason as Error).message}`);
    return { tone: this.broadcaster.mediaRef(tone.value), speech: speech.status === 'fulfilled' ? this.broadcaster.mediaRef(speech.value) : null };
  }

  private expiryOf(requested: string | undefined, now: number): Date {
    const at = requested === undefined ? now + this.config.defaultTtlMs : Date.parse(requested);
    if (!Number.isFinite(at) || at < now + MIN_ALERT_TTL_MS || at > now + MAX_ALERT_TTL_MS) {
      throw AppError.badRequest(ErrorCode.ValidationFailed, `过期时间必须在 ${MIN_ALERT_TTL_MS / 1000} 秒之后、${MAX_ALERT_TTL_MS / 3600_000} 小时以内`);
    }
    return new Date(at);
  }

  /** Active devices in the target regions (region codes nest by prefix; the exact test is done in memory). */
  private async targetsOf(regionCodes: string[]): Promise<Array<{ deviceId: string; regionCode: string }>> {
    const candidates = await this.devices.find({
      select: { id: true, regionCode: true },
      where: regionCodes.map((code) => ({ active: true, regionCode: Like(`${significantPrefix(code)}%`) })),
    });
    return targetedDevices(candidates, regionCodes);
  }

  private async insertDeliveries(tx: EntityManager, alertId: string, targets: Array<{ deviceId: string; regionCode: string }>): Promise<void> {
    const rows = targets.map((t) => ({ alertId, deviceId: t.deviceId, regionCode: t.regionCode, state: 'waiting' as const, reason: null, targeted: true, answeredAt: null }));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await tx.insert(AlertDeliveryEntity, rows.slice(i, i + INSERT_CHUNK));
  }

  /** After a restart: every alert still in force back on the region topics it holds (see AlertBroadcaster). */
  private async restoreRetained(active: AlertEntity[]): Promise<void> {
    const nowMs = this.clock.nowMs();
    let restored = 0;
    for (const alert of active) {
      if (!alert.media || alert.expiresAt.getTime() <= nowMs) continue;
      const codes = retainedCodesOf(alert, active.filter((o) => o.id !== alert.id));
      try {
        if (await this.broadcaster.restoreRetained({ ...alert, media: alert.media }, codes)) restored++;
      } catch (err) {
        this.logger.error(`预警 ${alert.id} 恢复保留消息失败：${(err as Error).message}`);
      }
    }
    if (restored > 0) this.logger.log(`已恢复 ${restored} 条仍在有效期内的应急广播`);
  }

  /** Region topics whose retained copy is still this alert's (a later alert to the same region keeps its copy). */
  private async retainedCodes(alert: AlertEntity): Promise<string[]> {
    const others = await this.alerts.findBy({ status: 'active' });
    return retainedCodesOf(alert, others.filter((o) => o.id !== alert.id));
  }

  private armExpiry(alert: AlertEntity): void {
    this.disarmExpiry(alert.id);
    const inMs = alert.expiresAt.getTime() - this.clock.nowMs();
    // Node fires a longer timeout at once: a far expiry waits in steps and re-arms.
    const timer = setTimeout(() => {
      this.scheduler.deleteTimeout(EXPIRY_PREFIX + alert.id);
      if (inMs > MAX_TIMEOUT_MS) return this.armExpiry(alert);
      void this.expire(alert.id).catch((err: Error) => this.logger.error(`预警 ${alert.id} 过期处理失败：${err.message}`));
    }, Math.min(MAX_TIMEOUT_MS, Math.max(0, inMs)));
    timer.unref();
    this.scheduler.addTimeout(EXPIRY_PREFIX + alert.id, timer);
  }

  private disarmExpiry(id: string): void {
    if (this.scheduler.doesExist('timeout', EXPIRY_PREFIX + id)) this.scheduler.deleteTimeout(EXPIRY_PREFIX + id);
  }

  /** Over: the retained copies go, so a device that reconnects later is not even offered it. */
  private async expire(id: string): Promise<void> {
    const alert = await this.alerts.findOneBy({ id });
    if (!alert || (alert.status !== 'active' && alert.status !== 'pending-confirmation')) return;
    if (alert.status === 'active') await this.broadcaster.clearRetained(await this.retainedCodes(alert));
    const from = alert.status;
    alert.status = 'expired';
    alert.endedAt = this.clock.now();
    // Every API process arms the expiry of the alerts it knows: the conditional update lets only one record it.
    const recorded = await this.db.transaction(async (tx) => {
      const res = await tx.update(AlertEntity, { id, status: from }, { status: alert.status, endedAt: alert.endedAt });
      if (res.affected !== 1) return false;
      await tx.save(this.auditRow(alert, 'expired', { user: null, source: 'system' }, null));
      return true;
    });
    if (recorded) this.logger.log(`应急广播 ${id}《${alert.title}》已过期`);
  }

  private visibleTo(alert: AlertEntity, user: AuthUser | undefined): boolean {
    return alert.regionCodes.some((c) => this.scope.overlapsRegion(user, c));
  }

  /** Loads an alert a user may look at: 403 when it covers nothing of the user's region. */
  private async loadVisible(id: string, user: AuthUser | undefined): Promise<AlertEntity> {
    const alert = await this.load(id);
    if (!this.visibleTo(alert, user)) throw await this.scope.outOfScope(user!, `预警 ${id} 不覆盖您的管辖范围`);
    return alert;
  }

  private async load(id: string): Promise<AlertEntity> {
    const alert = await this.alerts.findOneBy({ id });
    if (!alert) throw AppError.notFound(ErrorCode.AlertNotFound, `预警 ${id} 不存在`);
    return alert;
  }

  private async countsOf(id: string): Promise<StateCounts> {
    return (await this.countsFor([id])).get(id) ?? zeroCounts();
  }

  private async countsFor(ids: string[]): Promise<Map<string, StateCounts>> {
    const out = new Map<string, StateCounts>();
    if (ids.length === 0) return out;
    const rows = await this.deliveries
      .createQueryBuilder('d')
      .select('d.alertId', 'alertId')
      .addSelect('d.state', 'state')
      .addSelect('COUNT(*)', 'n')
      .where('d.alertId IN (:...ids)', { ids })
      .groupBy('d.alertId')
      .addGroupBy('d.state')
      .getRawMany<{ alertId: string; state: keyof StateCounts; n: string | number }>();
    for (const r of rows) {
      const counts = out.get(r.alertId) ?? zeroCounts();
      counts[r.state] = Number(r.n);
      out.set(r.alertId, counts);
    }
    return out;
  }

  private auditRow(alert: AlertEntity, action: AlertAuditAction, actor: AlertActor, detail: string | null): AlertAuditEntity {
    const source: AlertAuditSource = actor.source;
    return this.audits.create({
      id: randomUUID(),
      alertId: alert.id,
      action,
      source,
      actorId: actor.user?.id ?? null,
      actorName: actor.user?.username ?? null,
      capSender: actor.capSender ?? null,
      regionCodes: alert.regionCodes,
      detail: detail?.slice(0, 500) ?? null,
      at: this.clock.now(),
    });
  }

  private view(a: AlertEntity, counts: StateCounts): AlertView {
    return {
      id: a.id,
      status: a.status,
      level: a.level,
      title: a.title,
      text: a.text,
      voice: a.voice,
      repeat: a.repeat,
      regionCodes: a.regionCodes,
      source: a.source,
      createdBy: a.createdBy,
      cap: a.capSender && a.capIdentifier ? { sender: a.capSender, identifier: a.capIdentifier, sent: a.capSent } : null,
      supersedes: a.supersedes,
      media: a.media,
      createdAt: a.createdAt,
      expiresAt: a.expiresAt,
      publishedAt: a.publishedAt,
      publishLatencyMs: a.publishLatencyMs,
      endedAt: a.endedAt,
      targetedDevices: a.targetedCount,
      counts,
    };
  }
}

const STATUS_LABELS: Record<AlertStatus, string> = {
  'pending-confirmation': '正在等待确认',
  active: '正在播出',
  cancelled: '已撤销',
  expired: '已过期',
  exercise: '是演练（不播出）',
};
