import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import { AlertDeliveryEntity } from '../alerts/alert-delivery.entity';
import { DeviceEntity } from '../devices/device.entity';
import { AiringEntity } from './airing.entity';
import { AlertPlaybackEntity } from './alert-playback.entity';
import type { RegionTransition } from './availability';
import type { ReachAiring, ReachPlanGroup } from './content-reach';
import type { CoverageCell } from './coverage';
import { DeviceTransitionEntity } from './device-transition.entity';
import { DayRollupEntity, RolledDayEntity } from './day-rollup.entity';
import { PlannedAiringEntity } from './planned-airing.entity';
import { ReachAiringRollupEntity, ReachPlanRollupEntity } from './reach-rollup.entity';
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
  before: RegionTransition | null;
  during: RegionTransition[];
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
      await this.rollReachDay(tx, day, from, to);
    });
  }

  /** The day's content-reach rows (every content at once), summed in the database from the raw rows. */
  private async rollReachDay(tx: EntityManager, day: string, from: Date, to: Date): Promise<void> {
    await tx.delete(ReachPlanRollupEntity, { period: day });
    await tx.delete(ReachAiringRollupEntity, { period: day });
    const plans = tx
      .createQueryBuilder(PlannedAiringEntity, 'p')
      .select('CAST(:period AS varchar(10))', 'period')
      .addSelect('p.contentId', 'contentId')
      .addSelect('p.deviceId', 'deviceId')
      .addSelect('p.regionCode', 'regionCode')
      .addSelect(`COALESCE(p.skipReason, '')`, 'skipReason')
      .addSelect(`COALESCE(p.outcome, '')`, 'outcome')
      .addSelect(`COALESCE(p.reason, '')`, 'reason')
      .addSelect('COUNT(*)', 'slots')
      .addSelect('MIN(p.startAt)', 'firstAt')
      .where('p.startAt >= :from AND p.startAt < :to', { from, to, period: day })
      // Grouped by the stored values ('' for none), so a null and an empty reason cannot collide in the key.
      .groupBy('p.contentId')
      .addGroupBy('p.deviceId')
      .addGroupBy('p.regionCode')
      .addGroupBy(`COALESCE(p.skipReason, '')`)
      .addGroupBy(`COALESCE(p.outcome, '')`)
      .addGroupBy(`COALESCE(p.reason, '')`);
    await insertSelect(tx, ReachPlanRollupEntity, REACH_PLAN_COLUMNS, plans);
    const airings = tx
      .createQueryBuilder(AiringEntity, 'a')
      .select('CAST(:period AS varchar(10))', 'period')
      .addSelect('a.contentId', 'contentId')
      .addSelect('a.deviceId', 'deviceId')
      .addSelect('a.regionCode', 'regionCode')
      .addSelect('COUNT(*)', 'plays')
      .addSelect('MIN(a.startedAt)', 'firstAt')
      .addSelect('MAX(a.startedAt)', 'lastAt')
      .where("a.outcome = 'completed'")
      .andWhere('a.startedAt >= :from AND a.startedAt < :to', { from, to, period: day })
      .groupBy('a.contentId')
      .addGroupBy('a.deviceId')
      .addGroupBy('a.regionCode');
    await insertSelect(tx, ReachAiringRollupEntity, REACH_AIRING_COLUMNS, airings);
  }

  /**
   * Month rows of content reach, summed from its day rows, for the given closed months (every day of each is
   * closed). A month is marked current like a day ('YYYY-MM' in report_rolled_days) and unmarked with its days
   * by a late log. Returns the months that are current; a month whose days are not all current (a late log
   * landed meanwhile) is left to be read day by day.
   */
  private async ensureReachMonths(months: readonly string[]): Promise<Set<string>> {
    const fresh = new Set<string>();
    if (months.length === 0) return fresh;
    for (const r of await this.db.getRepository(RolledDayEntity).find({ where: { day: In([...months]) } })) fresh.add(r.day);
    for (const month of months) {
      if (fresh.has(month)) continue;
      const days = daysOfMonth(month);
      const built = await this.db.transaction(async (tx) => {
        await tx.createQueryBuilder().insert().into(RolledDayEntity).values({ day: month }).orIgnore().execute();
        if ((await tx.count(RolledDayEntity, { where: { day: In(days) } })) < days.length) {
          await tx.delete(RolledDayEntity, { day: month });
          return false;
        }
        await tx.delete(ReachPlanRollupEntity, { period: month });
        await tx.delete(ReachAiringRollupEntity, { period: month });
        const range = { first: days[0], last: days[days.length - 1], period: month };
        const plans = tx
          .createQueryBuilder(ReachPlanRollupEntity, 'r')
          .select('CAST(:period AS varchar(10))', 'period')
          .addSelect('r.contentId', 'contentId')
          .addSelect('r.deviceId', 'deviceId')
          .addSelect('r.regionCode', 'regionCode')
          .addSelect('r.skipReason', 'skipReason')
          .addSelect('r.outcome', 'outcome')
          .addSelect('r.reason', 'reason')
          .addSelect('SUM(r.slots)', 'slots')
          .addSelect('MIN(r.firstAt)', 'firstAt')
          .where('r.period >= :first AND r.period <= :last', range)
          .groupBy('r.contentId')
          .addGroupBy('r.deviceId')
          .addGroupBy('r.regionCode')
          .addGroupBy('r.skipReason')
          .addGroupBy('r.outcome')
          .addGroupBy('r.reason');
        await insertSelect(tx, ReachPlanRollupEntity, REACH_PLAN_COLUMNS, plans);
        const airings = tx
          .createQueryBuilder(ReachAiringRollupEntity, 'r')
          .select('CAST(:period AS varchar(10))', 'period')
          .addSelect('r.contentId', 'contentId')
          .addSelect('r.deviceId', 'deviceId')
          .addSelect('r.regionCode', 'regionCode')
          .addSelect('SUM(r.plays)', 'plays')
          .addSelect('MIN(r.firstAt)', 'firstAt')
          .addSelect('MAX(r.lastAt)', 'lastAt')
          .where('r.period >= :first AND r.period <= :last', range)
          .groupBy('r.contentId')
          .addGroupBy('r.deviceId')
          .addGroupBy('r.regionCode');
        await insertSelect(tx, ReachAiringRollupEntity, REACH_AIRING_COLUMNS, airings);
        return true;
      });
      if (built) fresh.add(month);
    }
    return fresh;
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
   * One content's reach in the period: its plan rows aggregated per device by what decides a not-aired reason, and
   * its completed plays per device and region at the time. Closed days are read from the reach rollups (whole
   * months from their month rows), so a quarter is a few thousand rows instead of every plan row; only the days not
   * yet closed (today) are read from the raw rows.
   */
  async reach(contentId: string, prefix: string, from: Date, to: Date, now: Date): Promise<{ plans: ReachPlanGroup[]; airings: ReachAiring[] }> {
    const todayStart = localMidnight(localDay(now));
    const closedEnd = to < todayStart ? to : todayStart;
    const plans: ReachPlanGroup[] = [];
    const airings: ReachAiring[] = [];
    if (from < closedEnd) {
      const days: string[] = [];
      for (let t = from.getTime(); t < closedEnd.getTime(); t += 86_400_000) days.push(localDay(t));
      await this.ensureRollups(days);
      const split = splitMonths(days);
      const current = await this.ensureReachMonths(split.months);
      const keys = [...split.days, ...split.months.flatMap((m) => (current.has(m) ? [m] : daysOfMonth(m)))];
      // In a transaction for the same reason as the coverage read: a rebuild in progress is waited for, not seen half done.
      await this.db.transaction(async (tx) => {
        plans.push(...(await this.rolledReachPlans(contentId, prefix, keys, tx)));
        airings.push(...(await this.rolledReachAirings(contentId, prefix, keys, tx)));
      });
    }
    const openFrom = closedEnd > from ? closedEnd : from;
    if (openFrom < to) {
      plans.push(...(await this.rawReachPlans(contentId, prefix, openFrom, to, now)));
      airings.push(...(await this.rawReachAirings(contentId, prefix, openFrom, to)));
    }
    return { plans, airings };
  }

  private async rolledReachPlans(contentId: string, prefix: string, keys: readonly string[], m: EntityManager): Promise<ReachPlanGroup[]> {
    // Summed over the periods in the database: a quarter's months come back as one row per device and group.
    const rows = await this.rolledReach(ReachPlanRollupEntity, contentId, prefix, keys, m, (q) =>
      q
        .addSelect('r.skipReason', 'skipReason')
        .addSelect('r.outcome', 'outcome')
        .addSelect('r.reason', 'reason')
        .addSelect('SUM(r.slots)', 'slots')
        .addSelect('MIN(r.firstAt)', 'firstAt')
        .addGroupBy('r.skipReason')
        .addGroupBy('r.outcome')
        .addGroupBy('r.reason'),
    );
    // A closed day's slots have all come: every group is due.
    return rows.map((r) => ({ deviceId: r.deviceId, regionCode: r.regionCode, skipReason: r.skipReason || null, outcome: r.outcome || null, reason: r.reason || null, due: true, slots: num(r.slots), firstAt: toDate(r.firstAt) }));
  }

  private async rolledReachAirings(contentId: string, prefix: string, keys: readonly string[], m: EntityManager): Promise<ReachAiring[]> {
    const rows = await this.rolledReach(ReachAiringRollupEntity, contentId, prefix, keys, m, (q) =>
      q.addSelect('SUM(r.plays)', 'plays').addSelect('MIN(r.firstAt)', 'firstAt').addSelect('MAX(r.lastAt)', 'lastAt'),
    );
    return rows.map((r) => ({ deviceId: r.deviceId, regionCode: r.regionCode, plays: num(r.plays), firstAt: toDate(r.firstAt), lastAt: toDate(r.lastAt) }));
  }

  /** One content's rollup rows of the given periods under a region, per device and region, `more` adding columns and groups. */
  private async rolledReach(
    entity: typeof ReachPlanRollupEntity | typeof ReachAiringRollupEntity,
    contentId: string,
    prefix: string,
    keys: readonly string[],
    m: EntityManager,
    more: (q: SelectQueryBuilder<ObjectLiteral>) => SelectQueryBuilder<ObjectLiteral>,
  ): Promise<Array<Record<string, string>>> {
    const out: Array<Record<string, string>> = [];
    for (let i = 0; i < keys.length; i += IN_CHUNK) {
      const q = m
        .createQueryBuilder<ObjectLiteral>(entity, 'r')
        .where('r.period IN (:...keys)', { keys: keys.slice(i, i + IN_CHUNK) })
        .andWhere('r.contentId = :contentId', { contentId })
        .andWhere('r.regionCode >= :lo AND r.regionCode <= :hi', regionRange(prefix))
        .select('r.deviceId', 'deviceId')
        .addSelect('r.regionCode', 'regionCode')
        .groupBy('r.deviceId')
        .addGroupBy('r.regionCode');
      out.push(...(await more(q).getRawMany<Record<string, string>>()));
    }
    return out;
  }

  /**
   * One content's plan rows in [from, to) (the days not closed yet) from the raw rows, per device by what decides
   * a not-aired reason; due and not-yet-due slots are counted side by side in each group.
   */
  private async rawReachPlans(contentId: string, prefix: string, from: Date, to: Date, now: Date): Promise<ReachPlanGroup[]> {
    const rows = await this.db
      .createQueryBuilder(PlannedAiringEntity, 'p')
      .where('p.contentId = :contentId', { contentId })
      // Wrapped so SQLite's planner cannot prefer the region index over the content or time ones.
      .andWhere(`${unindexed('p.regionCode')} >= :lo AND ${unindexed('p.regionCode')} <= :hi`, regionRange(prefix))
      .andWhere('p.startAt >= :from AND p.startAt < :to', { from, to })
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

  /** One content's completed plays in [from, to) per device and region at the time, from the raw rows. */
  private async rawReachAirings(contentId: string, prefix: string, from: Date, to: Date): Promise<ReachAiring[]> {
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

  /** Devices that were inside the prefix at some time before `to` by their transitions (moved away since, too). */
  async devicesWithTransitionsIn(prefix: string, to: Date): Promise<string[]> {
    const rows = await this.db
      .createQueryBuilder(DeviceTransitionEntity, 't')
      .where('t.regionCode >= :lo AND t.regionCode <= :hi', regionRange(prefix))
      .andWhere('t.at < :to', { to })
      .select('DISTINCT t.deviceId', 'deviceId')
      .getRawMany<{ deviceId: string }>();
    return rows.map((r) => r.deviceId);
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
        if (t.at < from) d.before = { online: t.online, at: t.at, regionCode: t.regionCode };
        else d.during.push({ online: t.online, at: t.at, regionCode: t.regionCode });
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

const REACH_PLAN_COLUMNS = ['period', 'contentId', 'deviceId', 'regionCode', 'skipReason', 'outcome', 'reason', 'slots', 'firstAt'] as const;
const REACH_AIRING_COLUMNS = ['period', 'contentId', 'deviceId', 'regionCode', 'plays', 'firstAt', 'lastAt'] as const;

/**
 * INSERT … SELECT: the select's columns (aliased by property name) into the table's columns. Summing in the database moves no rows
 * through the process (a day of every content is tens of thousands of groups).
 */
async function insertSelect<T extends ObjectLiteral>(tx: EntityManager, entity: new () => T, columns: readonly string[], select: SelectQueryBuilder<ObjectLiteral>): Promise<void> {
  const meta = tx.connection.getMetadata(entity);
  const q = (name: string) => tx.connection.driver.escape(name);
  const target = columns.map((c) => q(meta.findColumnWithPropertyName(c)!.databaseName)).join(', ');
  const [sql, params] = select.getQueryAndParameters();
  // Picked by alias from a subquery: the query builder does not keep its selections in the order they were added.
  await tx.query(`INSERT INTO ${q(meta.tableName)} (${target}) SELECT ${columns.map(q).join(', ')} FROM (${sql}) ${q('rolled')}`, params);
}

/**
 * Closed days split into the months they cover whole ('YYYY-MM', read from month rows) and the other days
 * (read from day rows). Days are consecutive, in order.
 */
export function splitMonths(days: readonly string[]): { months: string[]; days: string[] } {
  const byMonth = new Map<string, string[]>();
  for (const d of days) byMonth.set(d.slice(0, 7), [...(byMonth.get(d.slice(0, 7)) ?? []), d]);
  const months: string[] = [];
  const rest: string[] = [];
  for (const [month, inIt] of byMonth) {
    if (inIt.length === daysOfMonth(month).length) months.push(month);
    else rest.push(...inIt);
  }
  return { months, days: rest };
}

/** Every local date of a 'YYYY-MM' month. */
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number);
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}
