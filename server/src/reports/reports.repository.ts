import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import { AlertDeliveryEntity } from '../alerts/alert-delivery.entity';
import { DeviceEntity } from '../devices/device.entity';
import { AiringEntity } from './airing.entity';
import { AlertPlaybackEntity } from './alert-playback.entity';
import type { Transition } from './availability';
import type { ReachAiring, ReachPlanGroup } from './content-reach';
import type { CoverageCell } from './coverage';
import { DeviceTransitionEntity } from './device-transition.entity';
import { DayRollupEntity, RolledDayEntity } from './day-rollup.entity';
import { PlannedAiringEntity } from './planned-airing.entity';
import { localDay, localMidnight } from './report-period';

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
/** Every 12-digit code starting with the prefix lies in this range (a range, unlike LIKE, can use an index). */
export const regionRange = (prefix: string): { lo: string; hi: string } => ({ lo: prefix.padEnd(12, '0'), hi: prefix.padEnd(12, '9') });
/** The same value, in a form no index matches (portable: SQLite's unary + does not apply to PostgreSQL timestamps). */
const unindexed = (column: string): string => `COALESCE(${column}, ${column})`;
/** SQLite answers raw dates as 'YYYY-MM-DD HH:MM:SS.SSS' (UTC), PostgreSQL as Date objects. */
const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(/^\d{4}-\d{2}-\d{2} /.test(String(v)) ? `${String(v).replace(' ', 'T')}Z` : String(v)));

/** The report queries: aggregates per (region at the time, device), never row by row. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Coverage cells for the period. Without content filters, the days that have ended are read from their daily
   * rollups (built here on first need, rebuilt after late logs), and only today from the raw rows; with a content,
   * category or department filter everything is read from the raw rows (their index starts with the content).
   */
  async coverageCells(f: CoverageFilter): Promise<CoverageCell[]> {
    if (f.category || f.contentId || f.department) return this.rawCells(f);
    const todayStart = localMidnight(localDay(f.dueBefore));
    const closedEnd = f.to < todayStart ? f.to : todayStart;
    const cells: CoverageCell[] = [];
    if (f.from < closedEnd) {
      const days: string[] = [];
      for (let t = f.from.getTime(); t < closedEnd.getTime(); t += 86_400_000) days.push(localDay(t));
      await this.ensureRollups(days);
      // Read in a transaction: on SQLite's one shared connection a plain read runs inside whatever transaction
      // another flow has open, and saw a day another report (the scheduled one) was rebuilding half done — its
      // rows deleted, not yet written again. The transaction lock makes the read wait for that rebuild.
      cells.push(...(await this.db.transaction((tx) => this.rolledCells(days[0], days[days.length - 1], f.prefix, tx))));
    }
    if (closedEnd < f.to) cells.push(...(await this.rawCells({ ...f, from: closedEnd > f.from ? closedEnd : f.from })));
    return mergeCells(cells);
  }

  private async rolledCells(firstDay: string, lastDay: string, prefix: string, m: EntityManager): Promise<CoverageCell[]> {
    const rows = await m
      .createQueryBuilder(DayRollupEntity, 'r')
      .where('r.regionCode >= :lo AND r.regionCode <= :hi', regionRange(prefix))
      .andWhere('r.day >= :firstDay AND r.day <= :lastDay', { firstDay, lastDay })
      .select('r.regionCode', 'regionCode')
      .addSelect('r.deviceId', 'deviceId')
      .addSelect('SUM(r.planned)', 'planned')
      .addSelect('SUM(r.completed)', 'completed')
      .addSelect('SUM(r.interrupted)', 'interrupted')
      .addSelect('SUM(r.failed)', 'failed')
      .addSelect('SUM(r.notReported)', 'notReported')
      .addSelect('SUM(r.airtimeMs)', 'airtimeMs')
      .groupBy('r.regionCode')
      .addGroupBy('r.deviceId')
      .getRawMany<Record<string, string>>();
    const cells = rows.map((r) => ({
      regionCode: r.regionCode,
      deviceId: r.deviceId,
      planned: num(r.planned),
      completed: num(r.completed),
      interrupted: num(r.interrupted),
      failed: num(r.failed),
      notReported: num(r.notReported),
      airtimeMs: num(r.airtimeMs),
      failedByReason: {} as Record<string, number>,
    }));
    // Failure reasons are read from the rollup rows that have any, as raw rows (no entity per row).
    const failing = await m
      .createQueryBuilder(DayRollupEntity, 'r')
      .where('r.regionCode >= :lo AND r.regionCode <= :hi', regionRange(prefix))
      .andWhere('r.day >= :firstDay AND r.day <= :lastDay', { firstDay, lastDay })
      .andWhere('r.failed > 0')
      .select('r.regionCode', 'regionCode')
      .addSelect('r.deviceId', 'deviceId')
      .addSelect('r.failedByReason', 'failedByReason')
      .getRawMany<{ regionCode: string; deviceId: string; failedByReason: string | Record<string, number> }>();
    const byKey = new Map(cells.map((c) => [`${c.regionCode}\u0000${c.deviceId}`, c]));
    for (const r of failing) {
      const c = byKey.get(`${r.regionCode}\u0000${r.deviceId}`);
      if (!c) continue;
      const reasons = typeof r.failedByReason === 'string' ? (JSON.parse(r.failedByReason) as Record<string, number>) : r.failedByReason;
      for (const [reason, n] of Object.entries(reasons)) c.failedByReason[reason] = (c.failedByReason[reason] ?? 0) + n;
    }
    return cells;
  }

  /** Builds the rollups of the given closed days that have none or were made stale by late logs. */
  async ensureRollups(days: readonly string[]): Promise<void> {
    const fresh = new Set<string>();
    for (let i = 0; i < days.length; i += IN_CHUNK) {
      const part = days.slice(i, i + IN_CHUNK);
      for (const r of await this.db.getRepository(RolledDayEntity).find({ where: { day: In(part) } })) fresh.add(r.day);
    }
    for (const day of days) if (!fresh.has(day)) await this.rebuildDay(day);
  }

  /**
   * One day's rollup from the raw rows, in one transaction. The day is marked current first: a late log landing
   * meanwhile removes the mark again, so the next report rebuilds it.
   */
  private async rebuildDay(day: string): Promise<void> {
    const from = localMidnight(day);
    const to = new Date(from.getTime() + 86_400_000);
    await this.db.transaction(async (tx) => {
      await tx.createQueryBuilder().insert().into(RolledDayEntity).values({ day }).orIgnore().execute();
      await tx.delete(DayRollupEntity, { day });
      const f = { from, to, dueBefore: to, prefix: '' };
      const cells = await this.rawCells(f, tx);
      const rows = cells.map((c) => ({
        day,
        regionCode: c.regionCode,
        deviceId: c.deviceId,
        planned: c.planned,
        completed: c.completed,
        interrupted: c.interrupted,
        failed: c.failed,
        notReported: c.notReported,
        airtimeMs: String(c.airtimeMs),
        failedByReason: c.failedByReason,
      }));
      for (let i = 0; i < rows.length; i += 50) await tx.createQueryBuilder().insert().into(DayRollupEntity).values(rows.slice(i, i + 50)).execute();
    });
  }

  private async rawCells(f: CoverageFilter, tx?: EntityManager): Promise<CoverageCell[]> {
    const m = tx ?? this.db.manager;
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
    const planned = this.plannedWhere(f, m)
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
    const failures = this.plannedWhere(f, m)
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
    const airtime = this.filtered(m.createQueryBuilder(AiringEntity, 'a'), 'a', f)
      .andWhere('a.startedAt >= :from AND a.startedAt < :to', { from: f.from, to: f.to })
      .select('a.regionCode', 'regionCode')
      .addSelect('a.deviceId', 'deviceId')
      .addSelect('SUM(a.playedMs)', 'ms')
      .groupBy('a.regionCode')
      .addGroupBy('a.deviceId');
    for (const r of await airtime.getRawMany<Record<string, string>>()) cellOf(r.regionCode, r.deviceId).airtimeMs = num(r.ms);
    return [...cells.values()];
  }

  private plannedWhere(f: CoverageFilter, m: EntityManager): SelectQueryBuilder<PlannedAiringEntity> {
    return this.filtered(m.createQueryBuilder(PlannedAiringEntity, 'p'), 'p', f)
      .andWhere('p.startAt >= :from AND p.startAt < :due', { from: f.from, due: f.dueBefore < f.to ? f.dueBefore : f.to })
      .andWhere('p.skipReason IS NULL');
  }

  private filtered<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, f: Omit<CoverageFilter, 'from' | 'to' | 'dueBefore'>): SelectQueryBuilder<T> {
    // The whole database (a day's rollup): no region condition, so the time index is the one used.
    if (f.prefix !== '') qb.andWhere(`${alias}.regionCode >= :lo AND ${alias}.regionCode <= :hi`, regionRange(f.prefix));
    if (f.category) qb.andWhere(`${alias}.category = :category`, { category: f.category });
    if (f.contentId) qb.andWhere(`${alias}.contentId = :contentId`, { contentId: f.contentId });
    if (f.department) qb.andWhere(`${alias}.department = :department`, { department: f.department });
    return qb;
  }

  /**
   * One content's plan rows in the period, aggregated per device by what decides a not-aired reason. The GROUP BY
   * follows the covering index (contentId, deviceId, regionCode, skipReason, outcome, reason, startAt), so a
   * quarter of one content is one ordered index scan without a sort or a table lookup; due and not-yet-due slots
   * are counted side by side in each group instead of grouping by an expression.
   */
  async reachPlans(contentId: string, prefix: string, from: Date, to: Date, now: Date): Promise<ReachPlanGroup[]> {
    const rows = await this.db
      .createQueryBuilder(PlannedAiringEntity, 'p')
      .where('p.contentId = :contentId', { contentId })
      // Wrapped so SQLite's planner cannot prefer the region or time index (with ANALYZE statistics it otherwise
      // estimates a both-sided range below one content's rows and reads the whole quarter of all contents).
      .andWhere(`${unindexed('p.regionCode')} >= :lo AND ${unindexed('p.regionCode')} <= :hi`, regionRange(prefix))
      .andWhere(`${unindexed('p.startAt')} >= :from AND ${unindexed('p.startAt')} < :to`, { from, to })
      .select('p.deviceId', 'deviceId')
      .addSelect('p.regionCode', 'regionCode')
      .addSelect('p.skipReason', 'skipReason')
      .addSelect('p.outcome', 'outcome')
      .addSelect('p.reason', 'reason')
      .addSelect('SUM(CASE WHEN p.startAt < :now THEN 1 ELSE 0 END)', 'dueSlots')
      .addSelect('SUM(CASE WHEN p.startAt < :now THEN 0 ELSE 1 END)', 'laterSlots')
      .addSelect('MIN(CASE WHEN p.startAt < :now THEN p.startAt END)', 'dueFirstAt')
      .addSelect('MIN(CASE WHEN p.startAt < :now THEN NULL ELSE p.startAt END)', 'laterFirstAt')
      .setParameter('now', now)
      .groupBy('p.deviceId')
      .addGroupBy('p.regionCode')
      .addGroupBy('p.skipReason')
      .addGroupBy('p.outcome')
      .addGroupBy('p.reason')
      .getRawMany<Record<string, string | null>>();
    return rows.flatMap((r) => {
      const base = { deviceId: r.deviceId!, regionCode: r.regionCode!, skipReason: r.skipReason, outcome: r.outcome, reason: r.reason };
      const out: ReachPlanGroup[] = [];
      if (num(r.dueSlots) > 0) out.push({ ...base, due: true, slots: num(r.dueSlots), firstAt: toDate(r.dueFirstAt) });
      if (num(r.laterSlots) > 0) out.push({ ...base, due: false, slots: num(r.laterSlots), firstAt: toDate(r.laterFirstAt) });
      return out;
    });
  }

  /** One content's completed plays in the period per device and region at the time (covering index, in GROUP BY order). */
  async reachAirings(contentId: string, prefix: string, from: Date, to: Date): Promise<ReachAiring[]> {
    const rows = await this.db
      .createQueryBuilder(AiringEntity, 'a')
      .where('a.contentId = :contentId', { contentId })
      .andWhere("a.outcome = 'completed'")
      .andWhere('a.regionCode >= :lo AND a.regionCode <= :hi', regionRange(prefix))
      .andWhere('a.startedAt >= :from AND a.startedAt < :to', { from, to })
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
        .andWhere('d.regionCode >= :lo AND d.regionCode <= :hi', regionRange(prefix))
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

/** Cells of the same region and device summed (closed days from rollups plus today from raw rows). */
export function mergeCells(cells: readonly CoverageCell[]): CoverageCell[] {
  const out = new Map<string, CoverageCell>();
  for (const c of cells) {
    const key = `${c.regionCode}\u0000${c.deviceId}`;
    const m = out.get(key);
    if (!m) {
      out.set(key, { ...c, failedByReason: { ...c.failedByReason } });
      continue;
    }
    m.planned += c.planned;
    m.completed += c.completed;
    m.interrupted += c.interrupted;
    m.failed += c.failed;
    m.notReported += c.notReported;
    m.airtimeMs += c.airtimeMs;
    for (const [r, n] of Object.entries(c.failedByReason)) m.failedByReason[r] = (m.failedByReason[r] ?? 0) + n;
  }
  return [...out.values()];
}
