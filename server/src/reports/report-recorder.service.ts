import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CompileConflict, DeviceStatePayload, PlayLogEntry, TimelineItem } from '@sunshine/playlists';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';
import { ALERT_ACKS_RECEIVED, type AlertAcksReceivedEvent } from '../alerts/alert-events';
import { AlertEntity } from '../alerts/alert.entity';
import { Clock } from '../common/clock';
import { KeyedSerialQueue } from '../common/keyed-serial-queue';
import { insertIgnoringDuplicates } from '../database/bulk-insert';
import { ContentEntity } from '../contents/content.entity';
import { RevisionEntity } from '../contents/revision.entity';
import { DeviceEntity } from '../devices/device.entity';
import { AiringEntity } from './airing.entity';
import { RolledDayEntity } from './day-rollup.entity';
import { localDay } from './report-period';
import { AlertPlaybackEntity } from './alert-playback.entity';
import { nextTransition } from './availability';
import { DeviceTransitionEntity, type TransitionCause } from './device-transition.entity';
import { outcomeRank, planRows, type ContentFacts } from './plan-of-record';
import { PlannedAiringEntity, type AiringOutcome } from './planned-airing.entity';

const CHUNK = 100;
const IN_CHUNK = 500;
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
  /** A device's state transitions are read and inserted one message at a time, in the order the messages were written. */
  private readonly transitions = new KeyedSerialQueue();
  /** Content kinds never change and revisions are immutable: their facts are cached for the process's life. */
  private readonly categories = new Map<string, string>();
  private readonly departments = new Map<string, string>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Replaces the not-yet-started part of each device's plan by what was just published; slots that have started
   * keep the plan they aired under (so an edit today does not rewrite this morning).
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
    await this.db.transaction(async (tx) => {
      for (const p of plans) {
        const future = { deviceId: p.deviceId, startAt: MoreThan(new Date(nowMs)) };
        const rows: Array<Omit<PlannedAiringEntity, 'outcome' | 'reason' | 'playedMs' | 'airedAt'>> = planRows({ deviceId: p.deviceId, regionCode: p.regionCode, items: p.items, conflicts: p.conflicts, schedules, facts, nowMs });
        // Slots of a withdrawn content stay on record as withdrawn: the devices were targeted, and reach says why it stopped.
        const kept = new Set(rows.map((r) => r.slotId));
        const gone = (await tx.find(PlannedAiringEntity, { where: future })).filter((r) => !kept.has(r.slotId));
        const withdrawn = await this.withdrawnAmong(tx, [...new Set(gone.map((r) => r.contentId))]);
        for (const r of gone) if (withdrawn.has(r.contentId)) rows.push({ ...r, skipReason: 'withdrawn', plannedAt: new Date(nowMs) });
        await tx.delete(PlannedAiringEntity, future);
        for (let i = 0; i < rows.length; i += CHUNK) {
          await tx.createQueryBuilder().insert().into(PlannedAiringEntity).values(rows.slice(i, i + CHUNK)).orIgnore().execute();
        }
      }
    });
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

  /** A state message: records a transition when the device's online flag changes. */
  recordState(deviceId: string, state: Pick<DeviceStatePayload, 'online' | 'at'>): Promise<void> {
    // Two messages of one batch resolve together: read-then-insert interleaved would compare both with the same last row.
    return this.transitions.run(deviceId, async () => {
      const last = await this.db.manager.findOne(DeviceTransitionEntity, { where: { deviceId }, order: { at: 'DESC', id: 'DESC' } });
      const next = nextTransition(last, state, this.clock.nowMs());
      if (next) await this.insertTransition(deviceId, next.online, next.cause, next.at);
    });
  }

  /** Devices the server marked offline for missing heartbeats: offline since they were last heard from. */
  async recordHeartbeatTimeouts(devices: ReadonlyArray<{ id: string; lastSeenAt: Date | null }>): Promise<void> {
    for (const d of devices) {
      const last = await this.db.manager.findOne(DeviceTransitionEntity, { where: { deviceId: d.id }, order: { at: 'DESC', id: 'DESC' } });
      if (!last?.online) continue;
      const at = Math.max(last.at.getTime(), d.lastSeenAt?.getTime() ?? this.clock.nowMs());
      await this.insertTransition(d.id, false, 'heartbeat-timeout', new Date(at));
    }
  }

  private async insertTransition(deviceId: string, online: boolean, cause: TransitionCause, at: Date): Promise<void> {
    const device = await this.db.manager.findOne(DeviceEntity, { where: { id: deviceId }, select: { id: true, regionCode: true } });
    if (!device) return;
    await this.db.manager.insert(DeviceTransitionEntity, { deviceId, regionCode: device.regionCode, online, cause, at });
  }

  @OnEvent(ALERT_ACKS_RECEIVED)
  async onAlertAcks(e: AlertAcksReceivedEvent): Promise<void> {
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
