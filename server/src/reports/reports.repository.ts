import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import { escapeLike } from '../common/pagination';
import { AlertDeliveryEntity } from '../alerts/alert-delivery.entity';
import { DeviceEntity } from '../devices/device.entity';
import { AiringEntity } from './airing.entity';
import { AlertPlaybackEntity } from './alert-playback.entity';
import type { Transition } from './availability';
import type { ReachAiring, ReachPlanGroup } from './content-reach';
import type { CoverageCell } from './coverage';
import { DeviceTransitionEntity } from './device-transition.entity';
import { PlannedAiringEntity } from './planned-airing.entity';

const IN_CHUNK = 500;

export interface CoverageFilter {
  from: Date;
  to: Date;
  /** Slots due before this instant count as planned. */
  dueBefore: Date;
  /** Region code prefix (every code inside the report's region starts with it). */
  prefix: string;
  category?: string;
  contentId?: string;
  department?: string;
}

export interface DeviceTransitions {
  before: Transition | null;
  during: Transition[];
}

const num = (v: unknown): number => Number(v ?? 0);
/** SQLite answers raw dates as 'YYYY-MM-DD HH:MM:SS.SSS' (UTC), PostgreSQL as Date objects. */
const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(/^\d{4}-\d{2}-\d{2} /.test(String(v)) ? `${String(v).replace(' ', 'T')}Z` : String(v)));

/** The report queries: aggregates per (region at the time, device), never row by row. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async coverageCells(f: CoverageFilter): Promise<CoverageCell[]> {
    const cells = new Map<string, CoverageCell>();
    const cellOf = (regionCode: string, deviceId: string): CoverageCell => {
      const key = `${regionCode}\u0000${deviceId}`;
      let c = cells.get(key);
      if (!c) {
        c = { regionCode, deviceId, planned: 0, completed: 0, interrupted: 0, failed: 0, notReported: 0, failedByReason: {}, airtimeMs: 0 };
        cells.set(key, c);
      }
      return c;
    };
    const planned = this.plannedWhere(f)
      .select('p.regionCode', 'regionCode')
      .addSelect('p.deviceId', 'deviceId')
      .addSelect('COUNT(*)', 'planned')
      .addSelect("SUM(CASE WHEN p.outcome = 'completed' THEN 1 ELSE 0 END)", 'completed')
      .addSelect("SUM(CASE WHEN p.outcome = 'interrupted' THEN 1 ELSE 0 END)", 'interrupted')
      .addSelect("SUM(CASE WHEN p.outcome = 'failed' THEN 1 ELSE 0 END)", 'failed')
      .addSelect('SUM(CASE WHEN p.outcome IS NULL THEN 1 ELSE 0 END)', 'notReported')
      .groupBy('p.regionCode')
      .addGroupBy('p.deviceId');
    for (const r of await planned.getRawMany<Record<string, string>>()) {
      Object.assign(cellOf(r.regionCode, r.deviceId), { planned: num(r.planned), completed: num(r.completed), interrupted: num(r.interrupted), failed: num(r.failed), notReported: num(r.notReported) });
    }
    const failures = this.plannedWhere(f)
      .andWhere("p.outcome = 'failed'")
      .select('p.regionCode', 'regionCode')
      .addSelect('p.deviceId', 'deviceId')
      .addSelect('p.reason', 'reason')
      .addSelect('COUNT(*)', 'n')
      .groupBy('p.regionCode')
      .addGroupBy('p.deviceId')
      .addGroupBy('p.reason');
    for (const r of await failures.getRawMany<Record<string, string | null>>()) {
      const reason = r.reason ?? 'unknown';
      const c = cellOf(r.regionCode!, r.deviceId!);
      c.failedByReason[reason] = (c.failedByReason[reason] ?? 0) + num(r.n);
    }
    const airtime = this.filtered(this.db.createQueryBuilder(AiringEntity, 'a'), 'a', f)
      .andWhere('a.startedAt >= :from AND a.startedAt < :to', { from: f.from, to: f.to })
      .select('a.regionCode', 'regionCode')
      .addSelect('a.deviceId', 'deviceId')
      .addSelect('SUM(a.playedMs)', 'ms')
      .groupBy('a.regionCode')
      .addGroupBy('a.deviceId');
    for (const r of await airtime.getRawMany<Record<string, string>>()) cellOf(r.regionCode, r.deviceId).airtimeMs = num(r.ms);
    return [...cells.values()];
  }

  private plannedWhere(f: CoverageFilter): SelectQueryBuilder<PlannedAiringEntity> {
    return this.filtered(this.db.createQueryBuilder(PlannedAiringEntity, 'p'), 'p', f)
      .andWhere('p.startAt >= :from AND p.startAt < :due', { from: f.from, due: f.dueBefore < f.to ? f.dueBefore : f.to })
      .andWhere('p.skipReason IS NULL');
  }

  private filtered<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, f: Omit<CoverageFilter, 'from' | 'to' | 'dueBefore'>): SelectQueryBuilder<T> {
    qb.where(`${alias}.regionCode LIKE :prefix ESCAPE '\\'`, { prefix: `${escapeLike(f.prefix)}%` });
    if (f.category) qb.andWhere(`${alias}.category = :category`, { category: f.category });
    if (f.contentId) qb.andWhere(`${alias}.contentId = :contentId`, { contentId: f.contentId });
    if (f.department) qb.andWhere(`${alias}.department = :department`, { department: f.department });
    return qb;
  }

  /** One content's plan rows in the period, aggregated per device by what decides a not-aired reason. */
  async reachPlans(contentId: string, prefix: string, from: Date, to: Date, now: Date): Promise<ReachPlanGroup[]> {
    const rows = await this.db
      .createQueryBuilder(PlannedAiringEntity, 'p')
      .where('p.contentId = :contentId', { contentId })
      .andWhere(`p.regionCode LIKE :prefix ESCAPE '\\'`, { prefix: `${escapeLike(prefix)}%` })
      .andWhere('p.startAt >= :from AND p.startAt < :to', { from, to })
      .select('p.deviceId', 'deviceId')
      .addSelect('p.regionCode', 'regionCode')
      .addSelect('p.skipReason', 'skipReason')
      .addSelect('p.outcome', 'outcome')
      .addSelect('p.reason', 'reason')
      .addSelect('CASE WHEN p.startAt < :now THEN 1 ELSE 0 END', 'due')
      .addSelect('COUNT(*)', 'slots')
      .addSelect('MIN(p.startAt)', 'firstAt')
      .setParameter('now', now)
      .groupBy('p.deviceId')
      .addGroupBy('p.regionCode')
      .addGroupBy('p.skipReason')
      .addGroupBy('p.outcome')
      .addGroupBy('p.reason')
      .addGroupBy('CASE WHEN p.startAt < :now THEN 1 ELSE 0 END')
      .getRawMany<Record<string, string | null>>();
    return rows.map((r) => ({
      deviceId: r.deviceId!,
      regionCode: r.regionCode!,
      skipReason: r.skipReason,
      outcome: r.outcome,
      reason: r.reason,
      due: num(r.due) === 1,
      slots: num(r.slots),
      firstAt: toDate(r.firstAt),
    }));
  }

  /** One content's completed plays in the period per device and region at the time. */
  async reachAirings(contentId: string, prefix: string, from: Date, to: Date): Promise<ReachAiring[]> {
    const rows = await this.db
      .createQueryBuilder(AiringEntity, 'a')
      .where('a.contentId = :contentId', { contentId })
      .andWhere(`a.regionCode LIKE :prefix ESCAPE '\\'`, { prefix: `${escapeLike(prefix)}%` })
      .andWhere('a.startedAt >= :from AND a.startedAt < :to', { from, to })
      .andWhere("a.outcome = 'completed'")
      .select('a.deviceId', 'deviceId')
      .addSelect('a.regionCode', 'regionCode')
      .addSelect('COUNT(*)', 'plays')
      .addSelect('MIN(a.startedAt)', 'firstAt')
      .addSelect('MAX(a.startedAt)', 'lastAt')
      .groupBy('a.deviceId')
      .addGroupBy('a.regionCode')
      .getRawMany<Record<string, string>>();
    return rows.map((r) => ({ deviceId: r.deviceId, regionCode: r.regionCode, plays: num(r.plays), firstAt: toDate(r.firstAt), lastAt: toDate(r.lastAt) }));
  }

  /** Deliveries of these alerts to devices now inside the prefix, with each device's village and playback start. */
  async alertDeliveries(alertIds: readonly string[], prefix: string): Promise<Array<{ alertId: string; deviceId: string; regionCode: string; state: string; targeted: boolean; playbackAt: Date | null }>> {
    const out: Array<{ alertId: string; deviceId: string; regionCode: string; state: string; targeted: boolean; playbackAt: Date | null }> = [];
    for (let i = 0; i < alertIds.length; i += IN_CHUNK) {
      const rows = await this.db
        .createQueryBuilder(AlertDeliveryEntity, 'x')
        .innerJoin(DeviceEntity, 'd', 'd.id = x.deviceId')
        .leftJoin(AlertPlaybackEntity, 'pb', 'pb.alertId = x.alertId AND pb.deviceId = x.deviceId')
        .where('x.alertId IN (:...ids)', { ids: alertIds.slice(i, i + IN_CHUNK) })
        .andWhere(`d.regionCode LIKE :prefix ESCAPE '\\'`, { prefix: `${escapeLike(prefix)}%` })
        .select('x.alertId', 'alertId')
        .addSelect('x.deviceId', 'deviceId')
        .addSelect('d.regionCode', 'regionCode')
        .addSelect('x.state', 'state')
        .addSelect('x.targeted', 'targeted')
        .addSelect('pb.startedAt', 'playbackAt')
        .getRawMany<Record<string, unknown>>();
      for (const r of rows) {
        out.push({ alertId: String(r.alertId), deviceId: String(r.deviceId), regionCode: String(r.regionCode), state: String(r.state), targeted: r.targeted === true || r.targeted === 1 || r.targeted === '1', playbackAt: r.playbackAt == null ? null : toDate(r.playbackAt) });
      }
    }
    return out;
  }

  /** Each device's state at `from` (its last transition before) and its transitions in [from, to). */
  async transitions(deviceIds: readonly string[], from: Date, to: Date): Promise<Map<string, DeviceTransitions>> {
    const out = new Map<string, DeviceTransitions>(deviceIds.map((id) => [id, { before: null, during: [] }]));
    for (let i = 0; i < deviceIds.length; i += IN_CHUNK) {
      const ids = deviceIds.slice(i, i + IN_CHUNK);
      // Transitions of a device are written in time order, so its highest id before `from` is its state then.
      const last = this.db
        .createQueryBuilder(DeviceTransitionEntity, 'l')
        .select('MAX(l.id)')
        .where('l.deviceId IN (:...ids)')
        .andWhere('l.at < :from')
        .groupBy('l.deviceId');
      const rows = await this.db
        .createQueryBuilder(DeviceTransitionEntity, 't')
        .where('t.deviceId IN (:...ids)', { ids, from, to })
        .andWhere(`((t.at >= :from AND t.at < :to) OR t.id IN (${last.getQuery()}))`)
        .orderBy('t.at', 'ASC')
        .addOrderBy('t.id', 'ASC')
        .getMany();
      for (const t of rows) {
        const d = out.get(t.deviceId)!;
        if (t.at < from) d.before = { online: t.online, at: t.at };
        else d.during.push({ online: t.online, at: t.at });
      }
    }
    return out;
  }
}
