import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CompileConflict, DeviceStatePayload, PlayLogEntry, TimelineItem } from '@sunshine/playlists';
import { DataSource, EntityManager, In, IsNull, MoreThan, Not } from 'typeorm';
import { advanceDelivery } from '../alerts/alert-deliveries';
import { AlertDeliveryEntity } from '../alerts/alert-delivery.entity';
import { ALERT_ACKS_RECEIVED, ALERT_AIRED, type AlertAcksReceivedEvent, type AlertAiredEvent } from '../alerts/alert-events';
import { AlertEntity } from '../alerts/alert.entity';
import { Clock } from '../common/clock';
import { insertIgnoringDuplicates } from '../database/bulk-insert';
import { ContentEntity } from '../contents/content.entity';
import { RevisionEntity } from '../contents/revision.entity';
import { DeviceEntity } from '../devices/device.entity';
import { AiringEntity } from './airing.entity';
import { RolledDayEntity } from './day-rollup.entity';
import { localDay } from './report-period';
import { AlertPlaybackEntity } from './alert-playback.entity';
import { batchTransitions, type StateMessage, type Transition } from './availability';
import { DeviceTransitionEntity, type TransitionCause } from './device-transition.entity';
import { alertOutcome, alertSlotId, outcomeRank, planRows, type ContentFacts } from './plan-of-record';
import { PlannedAiringEntity, type AiringOutcome } from './planned-airing.entity';

const CHUNK = 100;
const IN_CHUNK = 500;
const PLAN_COLUMNS = ['deviceId', 'slotId', 'scheduleId', 'contentId', 'revisionId', 'startAt', 'regionCode', 'category', 'department', 'skipReason', 'plannedAt', 'outcome', 'reason', 'playedMs', 'airedAt'] as const;
const AIRING_COLUMNS = ['id', 'deviceId', 'regionCode', 'contentId', 'category', 'department', 'slotId', 'startedAt', 'playedMs', 'outcome', 'reason'] as const;

export interface PublishedPlan {
  deviceId: string;
  regionCode: string;
  items: readonly TimelineItem[];
  conflicts: readonly CompileConflict[];
}

/**
 * Writes what reports read, at the moment it happens: the plan of record when playlists are published, each play
 * log once with its region at the time, online/offline transitions, alert playback starts. Awaited by its
 * callers, so a report read right after an ingest sees it.
 */
@Injectable()
export class ReportRecorder {
  private readonly logger = new Logger('Reports');
  /** Content kinds never change and revisions are immutable: their facts are cached for the process's life. */
  private readonly categories = new Map<string, string>();
  private readonly departments = new Map<string, string>();
  /** State messages waiting for this turn of the event loop to end (written as one batch). */
  private pendingStates: Array<StateMessage & { resolve: () => void; reject: (err: Error) => void }> = [];
  private transitions: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Replaces the not-yet-started part of each device's plan by what was just published; slots that have started
   * keep the plan they aired under (so an edit today does not rewrite this morning). "Not yet started" is the
   * server's clock: a device whose clock runs ahead may already have aired a slot the server sees as future, so a
   * slot with an outcome is kept as it is, and a re-planned slot takes the best outcome of play logs that came
   * before its row (a log of an unplanned slot is stored as an airing; nothing else would fold it in later).
   */
  async recordPlans(plans: readonly PublishedPlan[], schedules: ReadonlyMap<string, { contentId: string; revisionId: string }>): Promise<void> {
    if (plans.length === 0) return;
    const nowMs = this.clock.nowMs();
    const contentIds = new Set<string>();
    const revisionIds = new Set<string>();
    for (const p of plans) for (const i of p.items) (contentIds.add(i.contentId), revisionIds.add(i.revisionId));
    for (const s of schedules.values()) (contentIds.add(s.contentId), revisionIds.add(s.revisionId));
    await this.loadFacts(this.db.manager, [...contentIds], [...revisionIds]);
    const facts = (contentId: string, revisionId: string): ContentFacts => this.factsOf(contentId, revisionId);
    // One device appears once (its latest plan), as the per-device replace it stands for.
    const latest = [...new Map(plans.map((p) => [p.deviceId, p])).values()];
    await this.db.transaction(async (tx) => {
      const aired = await this.bestEarlyAirings(tx, latest.map((p) => p.deviceId), nowMs);
      // Devices in chunks, each chunk one read, one delete and bulk inserts: a county-wide change re-plans
      // thousands of devices, and statements per device kept the schedule's API call waiting for half a minute.
      for (let i = 0; i < latest.length; i += IN_CHUNK) {
        const part = latest.slice(i, i + IN_CHUNK);
        const future = { deviceId: In(part.map((p) => p.deviceId)), startAt: MoreThan(new Date(nowMs)), outcome: IsNull() };
        const before = new Map<string, PlannedAiringEntity[]>();
        for (const r of await tx.find(PlannedAiringEntity, { where: future })) before.set(r.deviceId, [...(before.get(r.deviceId) ?? []), r]);
        const rows: PlannedAiringEntity[] = [];
        const gone: PlannedAiringEntity[] = [];
        for (const p of part) {
          const own = planRows({ deviceId: p.deviceId, regionCode: p.regionCode, items: p.items, conflicts: p.conflicts, schedules, facts, nowMs });
          const kept = new Set(own.map((r) => r.slotId));
          for (const r of before.get(p.deviceId) ?? []) if (!kept.has(r.slotId)) gone.push(r);
          for (const r of own) rows.push({ ...r, outcome: null, reason: null, playedMs: 0, airedAt: null });
        }
        // Slots of a withdrawn content stay on record as withdrawn: the devices were targeted, and reach says why it stopped.
        const withdrawn = await this.withdrawnAmong(tx, [...new Set(gone.map((r) => r.contentId))]);
        for (const r of gone) if (withdrawn.has(r.contentId)) rows.push({ ...r, skipReason: 'withdrawn', plannedAt: new Date(nowMs) });
        for (const r of rows) {
          const a = aired.get(`${r.deviceId}\u0000${r.slotId}`);
          if (a) Object.assign(r, { outcome: a.outcome as AiringOutcome, reason: a.reason, playedMs: a.playedMs, airedAt: a.startedAt });
        }
        // Rows with an outcome stay (the insert ignores their keys).
        await tx.delete(PlannedAiringEntity, future);
        await insertIgnoringDuplicates(tx, PlannedAiringEntity, PLAN_COLUMNS, rows);
      }
    });
  }

  /**
   * The best play log of each (device, slot) that started after the server's now less an hour: only a device's
   * clock running ahead (or a log of a slot not yet planned) airs a slot still to come, so this range is small and
   * read by the startedAt index; the hour covers a slot aired late. Ties keep the first started, as recordPlayLogs does.
   */
  private async bestEarlyAirings(m: EntityManager, deviceIds: readonly string[], nowMs: number): Promise<Map<string, AiringEntity>> {
    const best = new Map<string, AiringEntity>();
    const ids = [...new Set(deviceIds)];
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const found = await m.find(AiringEntity, {
        where: { deviceId: In(ids.slice(i, i + IN_CHUNK)), startedAt: MoreThan(new Date(nowMs - 3_600_000)), slotId: Not(IsNull()) },
        select: { deviceId: true, slotId: true, outcome: true, reason: true, playedMs: true, startedAt: true },
        order: { startedAt: 'ASC' },
      });
      for (const a of found) {
        const key = `${a.deviceId}\u0000${a.slotId}`;
        const prev = best.get(key);
        if (!prev || outcomeRank(a.outcome as AiringOutcome) > outcomeRank(prev.outcome as AiringOutcome)) best.set(key, a);
      }
    }
    return best;
  }

  private async withdrawnAmong(m: EntityManager, contentIds: string[]): Promise<Set<string>> {
    if (contentIds.length === 0) return new Set();
    const rows = await m.find(ContentEntity, { where: { id: In(contentIds), status: 'withdrawn' }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }

  /** Fresh play logs (first delivery only): one airing row each, and the planned slot's best outcome. */
  async recordPlayLogs(entries: readonly PlayLogEntry[], inTx?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    const work = async (tx: EntityManager): Promise<void> => {
      const withSlot = entries.filter((e) => e.slotId);
      const plans = new Map<string, PlannedAiringEntity>();
      for (let i = 0; i < withSlot.length; i += IN_CHUNK) {
        const part = withSlot.slice(i, i + IN_CHUNK);
        const found = await tx.find(PlannedAiringEntity, {
          where: { deviceId: In([...new Set(part.map((e) => e.deviceId))]), slotId: In(part.map((e) => e.slotId!)) },
          select: { deviceId: true, slotId: true, regionCode: true, category: true, department: true, outcome: true, startAt: true },
        });
        for (const p of found) plans.set(`${p.deviceId}\u0000${p.slotId}`, p);
      }
      const unplanned = entries.filter((e) => !plans.has(`${e.deviceId}\u0000${e.slotId ?? ''}`));
      const regions = new Map<string, string>();
      if (unplanned.length > 0) {
        const devices = await tx.find(DeviceEntity, { where: { id: In([...new Set(unplanned.map((e) => e.deviceId))]) }, select: { id: true, regionCode: true } });
        for (const d of devices) regions.set(d.id, d.regionCode);
        await this.loadFacts(tx, unplanned.map((e) => e.contentId), unplanned.flatMap((e) => (e.revisionId ? [e.revisionId] : [])));
      }
      const rows = entries.flatMap((e) => {
        const plan = plans.get(`${e.deviceId}\u0000${e.slotId ?? ''}`);
        const regionCode = plan?.regionCode ?? regions.get(e.deviceId);
        // A log from a device deleted since has no region to count under.
        if (!regionCode) return [];
        const facts = plan ?? this.factsOf(e.contentId, e.revisionId ?? '');
        return [<AiringEntity>{ id: e.id, deviceId: e.deviceId, regionCode, contentId: e.contentId, category: facts.category, department: facts.department, slotId: e.slotId, startedAt: new Date(e.startedAt), playedMs: e.playedMs, outcome: e.outcome, reason: e.reason ?? null }];
      });
      await insertIgnoringDuplicates(tx, AiringEntity, AIRING_COLUMNS, rows);
      // A late log changes a closed day's figures: its rollup is rebuilt before the next report reads it.
      const days = new Set(entries.map((e) => localDay(new Date(e.startedAt))));
      for (const p of plans.values()) days.add(localDay(p.startAt));
      // Its month's content-reach rows ('YYYY-MM', summed from the days) too.
      for (const d of [...days]) days.add(d.slice(0, 7));
      await tx.delete(RolledDayEntity, { day: In([...days]) });
      for (const e of withSlot) {
        const plan = plans.get(`${e.deviceId}\u0000${e.slotId}`);
        if (!plan || outcomeRank(e.outcome) <= outcomeRank(plan.outcome)) continue;
        await tx.update(PlannedAiringEntity, { deviceId: e.deviceId, slotId: e.slotId! }, { outcome: e.outcome as AiringOutcome, reason: e.reason ?? null, playedMs: e.playedMs, airedAt: new Date(e.startedAt) });
        plan.outcome = e.outcome;
      }
    };
    // Inside the caller's transaction when it has one (the play logs and their bookkeeping commit together).
    if (inTx) await work(inTx);
    else await this.db.transaction(work);
  }

  /**
   * A state message: records a transition when the device's online flag changes. Messages are gathered for one
   * turn of the event loop (the batched DeviceStateWriter resolves a whole batch of them at once) and written
   * together: one read of their devices' last transitions, one of the regions of those that changed, one insert.
   */
  recordState(deviceId: string, state: Pick<DeviceStatePayload, 'online' | 'at'>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pendingStates.push({ deviceId, state: { online: state.online, at: state.at }, nowMs: this.clock.nowMs(), resolve, reject });
      if (this.pendingStates.length === 1) setImmediate(() => this.flushStates());
    });
  }

  private flushStates(): void {
    const batch = this.pendingStates.splice(0);
    if (batch.length === 0) return;
    void this.serially(async () => {
      const last = await this.lastTransitions([...new Set(batch.map((m) => m.deviceId))]);
      await this.insertTransitions(batchTransitions(last, batch));
    }).then(
      () => batch.forEach((m) => m.resolve()),
      (err: Error) => batch.forEach((m) => m.reject(err)),
    );
  }

  /**
   * A device moved to another region: a 'moved' transition keeps its online state and starts its time in the new
   * region (availability counts each stretch where the device was then).
   */
  recordMove(deviceId: string, regionCode: string): Promise<void> {
    return this.serially(async () => {
      const last = (await this.lastTransitions([deviceId])).get(deviceId);
      const at = Math.max(this.clock.nowMs(), last?.at.getTime() ?? 0);
      await this.db.manager.insert(DeviceTransitionEntity, { deviceId, regionCode, online: last?.online ?? false, cause: 'moved', at: new Date(at) });
    });
  }

  /** Devices the server marked offline for missing heartbeats: offline since they were last heard from. */
  recordHeartbeatTimeouts(devices: ReadonlyArray<{ id: string; lastSeenAt: Date | null }>): Promise<void> {
    return this.serially(async () => {
      const last = await this.lastTransitions(devices.map((d) => d.id));
      await this.insertTransitions(
        devices.flatMap((d) => {
          const l = last.get(d.id);
          if (!l?.online) return [];
          const at = Math.max(l.at.getTime(), d.lastSeenAt?.getTime() ?? this.clock.nowMs());
          return [{ deviceId: d.id, online: false, cause: 'heartbeat-timeout' as const, at: new Date(at) }];
        }),
      );
    });
  }

  /** Transition writes one after another: each reads the last transitions the one before wrote. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.transitions.then(work, work);
    this.transitions = run.catch(() => undefined);
    return run;
  }

  /** Each device's latest transition (transitions of a device are written in time order, so its highest id). */
  private async lastTransitions(deviceIds: readonly string[]): Promise<Map<string, Transition>> {
    const out = new Map<string, Transition>();
    for (let i = 0; i < deviceIds.length; i += IN_CHUNK) {
      const latest = this.db.createQueryBuilder(DeviceTransitionEntity, 'l').select('MAX(l.id)').where('l.deviceId IN (:...ids)').groupBy('l.deviceId');
      const rows = await this.db
        .createQueryBuilder(DeviceTransitionEntity, 't')
        .where(`t.id IN (${latest.getQuery()})`, { ids: deviceIds.slice(i, i + IN_CHUNK) })
        .select(['t.id', 't.deviceId', 't.online', 't.at'])
        .getMany();
      for (const t of rows) out.set(t.deviceId, { online: t.online, at: t.at });
    }
    return out;
  }

  /** Transitions with each device's region now (one read for all); a device deleted since is skipped. */
  private async insertTransitions(rows: ReadonlyArray<{ deviceId: string; online: boolean; cause: TransitionCause; at: Date }>): Promise<void> {
    if (rows.length === 0) return;
    const ids = [...new Set(rows.map((r) => r.deviceId))];
    const regions = new Map<string, string>();
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      for (const d of await this.db.manager.find(DeviceEntity, { where: { id: In(ids.slice(i, i + IN_CHUNK)) }, select: { id: true, regionCode: true } })) regions.set(d.id, d.regionCode);
    }
    const values = rows.flatMap((r) => (regions.has(r.deviceId) ? [{ ...r, regionCode: regions.get(r.deviceId)! }] : []));
    for (let i = 0; i < values.length; i += CHUNK) await this.db.manager.insert(DeviceTransitionEntity, values.slice(i, i + CHUNK));
  }

  /**
   * An alert went out: each targeted device gets one plan row for it (category 'alert', at the sending time, in the
   * device's village then), so coverage counts alerts as planned airings. Answers that came in before this runs
   * are folded in from the delivery rows.
   */
  @OnEvent(ALERT_AIRED)
  async onAlertAired(e: AlertAiredEvent): Promise<void> {
    try {
      const targets = await this.db
        .createQueryBuilder(AlertDeliveryEntity, 'x')
        .innerJoin(DeviceEntity, 'd', 'd.id = x.deviceId')
        .where('x.alertId = :alertId', { alertId: e.alertId })
        .andWhere('x.targeted = :targeted', { targeted: true })
        .select('x.deviceId', 'deviceId')
        .addSelect('d.regionCode', 'regionCode')
        .addSelect('x.state', 'state')
        .addSelect('x.reason', 'reason')
        .getRawMany<{ deviceId: string; regionCode: string; state: string; reason: string | null }>();
      const rows: PlannedAiringEntity[] = targets.map((t) => {
        const final = alertOutcome(t.state, t.reason);
        return {
          deviceId: t.deviceId,
          slotId: alertSlotId(e.alertId),
          scheduleId: e.alertId,
          contentId: e.alertId,
          revisionId: e.alertId,
          startAt: e.sentAt,
          regionCode: t.regionCode,
          category: 'alert',
          department: '',
          skipReason: null,
          plannedAt: e.sentAt,
          outcome: final?.outcome ?? null,
          reason: final?.reason ?? null,
          playedMs: 0,
          airedAt: final ? e.sentAt : null,
        };
      });
      await this.db.transaction(async (tx) => {
        for (let i = 0; i < rows.length; i += CHUNK) await tx.createQueryBuilder().insert().into(PlannedAiringEntity).values(rows.slice(i, i + CHUNK)).orIgnore().execute();
        const day = localDay(e.sentAt);
        await tx.delete(RolledDayEntity, { day: In([day, day.slice(0, 7)]) });
      });
    } catch (err) {
      this.logger.error(`记录应急广播 ${e.alertId} 的计划播出失败：${(err as Error).message}`);
    }
  }

  @OnEvent(ALERT_ACKS_RECEIVED)
  async onAlertAcks(e: AlertAcksReceivedEvent): Promise<void> {
    // Its plan rows' outcomes after the playback starts (which the alert report reads as soon as deliveries move).
    await this.recordPlaybackStarts(e);
    try {
      await this.recordAlertOutcomes(e);
    } catch (err) {
      this.logger.error(`记录应急广播播出结果失败：${(err as Error).message}`);
    }
  }

  private async recordPlaybackStarts(e: AlertAcksReceivedEvent): Promise<void> {
    // The first 'playing' answer is the playback start; redeliveries and later answers change nothing.
    const starts = new Map<string, number>();
    for (const a of e.acks) {
      const at = Date.parse(a.at);
      if (a.state !== 'playing' || !Number.isFinite(at)) continue;
      starts.set(a.alertId, Math.min(starts.get(a.alertId) ?? at, at));
    }
    if (starts.size === 0) return;
    try {
      const rows = [...starts].map(([alertId, at]) => ({ alertId, deviceId: e.deviceId, startedAt: new Date(at) }));
      await this.db.createQueryBuilder().insert().into(AlertPlaybackEntity).values(rows).orIgnore().execute();
    } catch (err) {
      this.logger.error(`记录应急广播开播时间失败：${(err as Error).message}`);
    }
  }

  /** A device's final answer to an alert settles its plan row, once: the first final answer stays, as for deliveries. */
  private async recordAlertOutcomes(e: AlertAcksReceivedEvent): Promise<void> {
    const byAlert = new Map<string, AlertAcksReceivedEvent['acks']>();
    for (const a of e.acks) byAlert.set(a.alertId, [...(byAlert.get(a.alertId) ?? []), a]);
    for (const [alertId, acks] of byAlert) {
      const best = advanceDelivery({ state: 'waiting', reason: null }, acks);
      const final = alertOutcome(best.state, best.reason);
      if (!final) continue;
      const key = { deviceId: e.deviceId, slotId: alertSlotId(alertId) };
      const plan = await this.db.manager.findOne(PlannedAiringEntity, { where: { ...key, outcome: IsNull() }, select: { deviceId: true, slotId: true, startAt: true } });
      if (!plan) continue;
      await this.db.transaction(async (tx) => {
        await tx.update(PlannedAiringEntity, { ...key, outcome: IsNull() }, { outcome: final.outcome, reason: final.reason, airedAt: plan.startAt });
        // A late answer changes a closed day's figures, like a late play log.
        const day = localDay(plan.startAt);
        await tx.delete(RolledDayEntity, { day: In([day, day.slice(0, 7)]) });
      });
    }
  }

  private factsOf(contentId: string, revisionId: string): ContentFacts {
    return { category: this.categories.get(contentId) ?? 'unknown', department: this.departments.get(revisionId) ?? this.departments.get(`content:${contentId}`) ?? '' };
  }

  private async loadFacts(m: EntityManager, contentIds: string[], revisionIds: string[]): Promise<void> {
    const newContents = [...new Set(contentIds)].filter((id) => !this.categories.has(id));
    const newRevisions = [...new Set(revisionIds)].filter((id) => !this.departments.has(id));
    // A log without a revision id counts under its content's approved (else latest) revision's department.
    const fallbacks: Array<[string, string]> = [];
    for (let i = 0; i < newContents.length; i += IN_CHUNK) {
      const ids = newContents.slice(i, i + IN_CHUNK);
      const contents = await m.find(ContentEntity, { where: { id: In(ids) }, select: { id: true, kind: true, latestRevisionId: true, approvedRevisionId: true } });
      for (const c of contents) {
        this.categories.set(c.id, c.kind);
        newRevisions.push(c.approvedRevisionId ?? c.latestRevisionId);
      }
      const known = new Set(contents.map((c) => c.id));
      const alerts = await m.find(AlertEntity, { where: { id: In(ids.filter((id) => !known.has(id))) }, select: { id: true } });
      for (const a of alerts) this.categories.set(a.id, 'alert');
      for (const c of contents) fallbacks.push([c.id, c.approvedRevisionId ?? c.latestRevisionId]);
    }
    const wanted = [...new Set(newRevisions)].filter((id) => !this.departments.has(id));
    for (let i = 0; i < wanted.length; i += IN_CHUNK) {
      const revisions = await m.find(RevisionEntity, { where: { id: In(wanted.slice(i, i + IN_CHUNK)) }, select: { id: true, department: true, contentId: true } });
      for (const r of revisions) this.departments.set(r.id, r.department);
    }
    for (const [contentId, revisionId] of fallbacks) {
      const d = this.departments.get(revisionId);
      if (d !== undefined) this.departments.set(`content:${contentId}`, d);
    }
  }
}
