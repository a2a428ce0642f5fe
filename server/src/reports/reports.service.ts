import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { levelOf, regionChain } from '@sunshine/devices';
import { overlapsScope } from '../auth/scope';
import { And, In, IsNull, LessThan, Like, MoreThanOrEqual, Not, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { escapeLike } from '../common/pagination';
import { DeviceEntity } from '../devices/device.entity';
import { significantPrefix } from '../devices/devices.service';
import { RegionEntity } from '../regions/region.entity';
import { availabilityByRegion, deviceAvailability, mergeAvailability, onlineAt, rollUpAvailability, type DeviceAvailability, type RegionPart } from './availability';
import { contentReach, NOT_AIRED_LABELS } from './content-reach';
import { alertFigures, type AlertDeliveryFact } from './alert-timeliness';
import { AlertEntity } from '../alerts/alert.entity';
import { ContentEntity } from '../contents/content.entity';
import { RevisionEntity } from '../contents/revision.entity';
import { buildCoverage, type CoverageGroup } from './coverage';
import { resolvePeriod, type ReportPeriod } from './report-period';
import type { CoverageQuery, ReportPeriodQuery, ReportRegionQuery } from './reports.dto';
import { regionRange, ReportsRepository } from './reports.repository';
import type { AlertReportResponse, AlertReportRowResponse, AlertsReportResponse, AvailabilityReportResponse, ContentReachResponse, CoverageReportResponse, CoverageRowResponse, ReachDeviceResponse, ReachVillageResponse } from './reports.response';

export const DEFAULT_THRESHOLD = 0.9;

/** Where a report looks: its period, its region (checked against the user's scope) and the units below it. */
export interface ReportScope {
  period: ReportPeriod;
  region: RegionEntity;
  prefix: string;
}

@Injectable()
export class ReportsService {
  constructor(
    private readonly repo: ReportsRepository,
    @InjectRepository(RegionEntity) private readonly regions: Repository<RegionEntity>,
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    @InjectRepository(ContentEntity) private readonly contents: Repository<ContentEntity>,
    @InjectRepository(RevisionEntity) private readonly revisions: Repository<RevisionEntity>,
    @InjectRepository(AlertEntity) private readonly alerts: Repository<AlertEntity>,
    private readonly scope: ScopeService,
    private readonly clock: Clock,
  ) {}

  async coverage(q: CoverageQuery, user: AuthUser): Promise<CoverageReportResponse> {
    const { period, region, prefix } = await this.resolve(q, user);
    const now = this.clock.now();
    const threshold = q.threshold ?? DEFAULT_THRESHOLD;
    const cells = await this.repo.coverageCells({ from: period.from, to: period.to, dueBefore: now, prefix, category: q.category, contentId: q.contentId, department: q.department });
    const { groups, groupOf, groupBy } = await this.groupsBelow(region, cells);
    const deviceIds = [...new Set([...cells.map((c) => c.deviceId), ...(groupBy === 'device' ? groups.map((g) => g.key) : [])])];
    const onlineShare = await this.onlineShares(deviceIds, period, now.getTime());
    const { rows, totals } = buildCoverage({ groups, groupOf, cells, onlineShare, threshold });
    const filters = new URLSearchParams();
    for (const key of ['period', 'date', 'from', 'to', 'category', 'contentId', 'department', 'threshold'] as const) {
      const v = q[key];
      if (v !== undefined) filters.set(key, String(v));
    }
    const withRegion = (code: string) => {
      const p = new URLSearchParams(filters);
      p.set('regionCode', code);
      return `/api/reports/coverage?${p.toString()}`;
    };
    const playLogs = (deviceId: string) => {
      const p = new URLSearchParams({ deviceId, from: period.from.toISOString(), to: period.to.toISOString(), page: '1', pageSize: '50' });
      if (q.contentId) p.set('contentId', q.contentId);
      return `/api/playlogs?${p.toString()}`;
    };
    const out: CoverageRowResponse[] = rows.map((r) => ({
      ...r,
      drillDown: r.kind === 'region' ? withRegion(r.key) : null,
      playLogs: r.kind === 'device' ? playLogs(r.key) : null,
    }));
    return {
      title: '播出覆盖报表',
      period,
      region: { code: region.code, name: region.name, level: region.level },
      groupBy,
      threshold,
      generatedAt: now,
      rows: out,
      totals,
    };
  }

  async contentReach(contentId: string, q: ReportPeriodQuery, user: AuthUser): Promise<ContentReachResponse> {
    const content = await this.contents.findOneBy({ id: contentId });
    if (!content) throw AppError.notFound(ErrorCode.ContentNotFound, `内容 ${contentId} 不存在`);
    const revision = await this.revisions.findOneBy({ id: content.approvedRevisionId ?? content.latestRevisionId });
    const { period, region, prefix } = await this.resolve(q, user);
    const now = this.clock.now();
    const { plans, airings } = await this.repo.reach(contentId, prefix, period.from, period.to, now);
    // Only a device that has not aired it needs its online history (to tell "offline" as the reason).
    const aired = new Set(airings.map((a) => a.deviceId));
    const transitions = await this.repo.transitions([...new Set(plans.filter((p) => !aired.has(p.deviceId)).map((p) => p.deviceId))], period.from, period.to);
    const offlineAt = (deviceId: string, at: Date): boolean => {
      const t = transitions.get(deviceId);
      return !onlineAt(t?.before ?? null, t?.during ?? [], at);
    };
    const reach = contentReach(plans, airings, offlineAt);
    const deviceNames = await this.deviceNames(reach.map((d) => d.deviceId));
    const regionNames = await this.regionNames(reach.map((d) => d.regionCode));
    const view = (d: (typeof reach)[number]): ReachDeviceResponse => ({
      ...d,
      deviceName: deviceNames.get(d.deviceId) ?? d.deviceId,
      regionName: regionNames.get(d.regionCode) ?? d.regionCode,
      reasonLabel: d.reason ? NOT_AIRED_LABELS[d.reason] : null,
    });
    const villages = new Map<string, ReachVillageResponse>();
    for (const d of reach) {
      const v = villages.get(d.regionCode) ?? { code: d.regionCode, name: regionNames.get(d.regionCode) ?? d.regionCode, targetedDevices: 0, airedDevices: 0, plays: 0, firstAiredAt: null };
      v.targetedDevices++;
      if (d.plays > 0) v.airedDevices++;
      v.plays += d.plays;
      if (d.firstAiredAt && (v.firstAiredAt === null || d.firstAiredAt < v.firstAiredAt)) v.firstAiredAt = d.firstAiredAt;
      villages.set(d.regionCode, v);
    }
    const villageRows = [...villages.values()].sort((a, b) => a.code.localeCompare(b.code));
    return {
      title: '内容到达报表',
      content: { id: content.id, title: revision?.title ?? '', category: content.kind, department: revision?.department ?? '', status: content.status },
      period,
      region: { code: region.code, name: region.name, level: region.level },
      generatedAt: now,
      summary: {
        targetedDevices: reach.length,
        airedDevices: reach.filter((d) => d.plays > 0).length,
        villages: villageRows.length,
        airedVillages: villageRows.filter((v) => v.airedDevices > 0).length,
        plays: reach.reduce((a, d) => a + d.plays, 0),
      },
      villages: villageRows,
      aired: reach.filter((d) => d.plays > 0).map(view),
      notAired: reach.filter((d) => d.plays === 0).map(view),
    };
  }

  /**
   * Online share per device and per region one level down, from recorded transitions. A device counts where it
   * was at the time: a device moved mid-period counts its online time in each region for the part it spent there
   * (and in a report of a region it has left, for the part it was inside).
   */
  async availability(q: ReportPeriodQuery, user: AuthUser): Promise<AvailabilityReportResponse> {
    const { period, region, prefix } = await this.resolve(q, user);
    const now = this.clock.now();
    const current = await this.devicesIn(prefix);
    const known = new Set(current.map((d) => d.id));
    const movedAway = (await this.repo.devicesWithTransitionsIn(prefix, period.to)).filter((id) => !known.has(id));
    const others: DeviceEntity[] = [];
    for (let i = 0; i < movedAway.length; i += 500) others.push(...(await this.devices.find({ where: { id: In(movedAway.slice(i, i + 500)) }, select: { id: true, name: true, regionCode: true } })));
    const candidates = [...current, ...others].sort((a, b) => a.id.localeCompare(b.id));
    const transitions = await this.repo.transitions(candidates.map((d) => d.id), period.from, period.to);
    const { lo, hi } = regionRange(prefix);
    const parts = new Map<string, RegionPart[]>();
    for (const d of candidates) {
      const t = transitions.get(d.id)!;
      const inside = availabilityByRegion(t.before, t.during, period.from, period.to, now.getTime(), d.regionCode).filter((p) => p.regionCode >= lo && p.regionCode <= hi);
      if (inside.length > 0) parts.set(d.id, inside);
    }
    const devices = candidates.filter((d) => parts.has(d.id));
    const per = new Map<string, DeviceAvailability>(devices.map((d) => [d.id, mergeAvailability(parts.get(d.id)!.map((p) => p.availability))]));
    const cells = devices.flatMap((d) => parts.get(d.id)!.map((p) => ({ regionCode: p.regionCode, deviceId: d.id, availability: p.availability })));
    const { groups, groupOf, groupBy } = await this.groupsBelow(region, cells);
    // Per group, each device's parts there as one figure (a device that left and came back is one device).
    const members = new Map<string, Map<string, DeviceAvailability[]>>(groups.map((g) => [g.key, new Map()]));
    for (const c of cells) {
      const key = groupOf(c);
      const group = key === null ? undefined : members.get(key);
      if (group) group.set(c.deviceId, [...(group.get(c.deviceId) ?? []), c.availability]);
    }
    const regionNames = await this.regionNames(devices.map((d) => d.regionCode));
    const named = (d: DeviceEntity) => ({ deviceId: d.id, deviceName: d.name, regionCode: d.regionCode, regionName: regionNames.get(d.regionCode) ?? d.regionCode });
    return {
      title: '设备在线率报表',
      period,
      region: { code: region.code, name: region.name, level: region.level },
      groupBy,
      generatedAt: now,
      rows: groups.map((g) => ({ key: g.key, name: g.name, kind: g.kind, ...rollUpAvailability([...members.get(g.key)!.values()].map(mergeAvailability)) })),
      totals: rollUpAvailability([...per.values()]),
      devices: devices.map((d) => {
        const a = per.get(d.id)!;
        return { ...named(d), onlineShare: a.share, onlineSeconds: a.onlineSeconds, periodSeconds: a.periodSeconds, outages: a.outages.length };
      }),
      outages: devices
        .flatMap((d) => per.get(d.id)!.outages.map((o) => ({ ...named(d), ...o })))
        .sort((a, b) => a.from.getTime() - b.from.getTime() || a.deviceId.localeCompare(b.deviceId)),
    };
  }

  /** Alerts sent in the period that reach into the region, each with its delivery figures there. */
  async alertsReport(q: ReportPeriodQuery, user: AuthUser): Promise<AlertsReportResponse> {
    const { period, region, prefix } = await this.resolve(q, user);
    const alerts = (
      await this.alerts.find({ where: { createdAt: And(MoreThanOrEqual(period.from), LessThan(period.to)), status: Not('exercise') }, order: { createdAt: 'ASC' } })
    ).filter((a) => a.regionCodes.some((c) => overlapsScope(region.code, c)));
    const deliveries = await this.repo.alertDeliveries(alerts.map((a) => a.id), prefix);
    const pooled: AlertDeliveryFact[] = [];
    const rows = alerts.map((a) => {
      const facts = deliveries.filter((d) => d.alertId === a.id).map((d) => ({ ...d, sentAt: sentAtOf(a) }));
      pooled.push(...facts);
      return alertRow(a, facts);
    });
    return {
      title: '应急广播报表',
      period,
      region: { code: region.code, name: region.name, level: region.level },
      generatedAt: this.clock.now(),
      rows,
      totals: alertFigures(pooled, period.from),
    };
  }

  /** One alert's figures per town (where its devices are now) inside the region. */
  async alertReport(alertId: string, q: ReportRegionQuery, user: AuthUser): Promise<AlertReportResponse> {
    const alert = await this.alerts.findOneBy({ id: alertId });
    if (!alert) throw AppError.notFound(ErrorCode.AlertNotFound, `应急广播 ${alertId} 不存在`);
    const { region, prefix } = await this.resolveRegion(q, user);
    // A town account sees alerts that reached its town (a county-wide alert included), not others.
    if (!alert.regionCodes.some((c) => this.scope.overlapsRegion(user, c))) throw await this.scope.outOfScope(user, `应急广播 ${alertId} 未覆盖您的管辖范围`);
    const facts = await this.repo.alertDeliveries([alert.id], prefix);
    const townOf = (code: string) => regionChain(code).find((c) => levelOf(c) === 'town') ?? code;
    const byTown = new Map<string, AlertDeliveryFact[]>();
    for (const f of facts) byTown.set(townOf(f.regionCode), [...(byTown.get(townOf(f.regionCode)) ?? []), f]);
    const names = await this.regionNames([...byTown.keys()]);
    const sentAt = sentAtOf(alert);
    return {
      title: '应急广播报表',
      alert: alertRow(alert, facts),
      region: { code: region.code, name: region.name, level: region.level },
      generatedAt: this.clock.now(),
      towns: [...byTown.keys()].sort().map((code) => ({ code, name: names.get(code) ?? code, ...alertFigures(byTown.get(code)!, sentAt) })),
      totals: alertFigures(facts, sentAt),
    };
  }

  async deviceNames(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500) {
      // Raw rows: a reach of thousands of devices needs only their names, not entities.
      const rows = await this.devices.createQueryBuilder('d').select('d.id', 'id').addSelect('d.name', 'name').where('d.id IN (:...ids)', { ids: unique.slice(i, i + 500) }).getRawMany<{ id: string; name: string }>();
      for (const d of rows) out.set(d.id, d.name);
    }
    return out;
  }

  async regionNames(codes: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const unique = [...new Set(codes)];
    for (let i = 0; i < unique.length; i += 500) {
      for (const r of await this.regions.find({ where: { code: In(unique.slice(i, i + 500)) }, select: { code: true, name: true } })) out.set(r.code, r.name);
    }
    return out;
  }

  /** Period and region of a report request, refusing bad periods (400), unknown regions (404) and regions outside the scope (403). */
  async resolve(q: ReportPeriodQuery, user: AuthUser): Promise<ReportScope> {
    const p = resolvePeriod(q, this.clock.now());
    if (!p.ok) throw AppError.badRequest(ErrorCode.ReportPeriodInvalid, p.problem);
    return { period: p.value, ...(await this.resolveRegion(q, user)) };
  }

  async resolveRegion(q: ReportRegionQuery, user: AuthUser): Promise<{ region: RegionEntity; prefix: string }> {
    const code = q.regionCode ?? user.scopeRegionCode ?? (await this.rootRegion()).code;
    const region = await this.regions.findOneBy({ code });
    if (!region) throw AppError.notFound(ErrorCode.RegionNotFound, `行政区划代码 ${code} 不存在`);
    await this.scope.assertRegionCodes(user, [region.code]);
    return { region, prefix: significantPrefix(region.code) };
  }

  /** The top of the region tree (the county a fresh install is set up for). */
  private async rootRegion(): Promise<RegionEntity> {
    const roots = await this.regions.find({ where: { parentCode: IsNull() }, order: { code: 'ASC' } });
    const county = roots.find((r) => r.level === 'county') ?? roots[0];
    if (!county) throw AppError.notFound(ErrorCode.RegionNotFound, '尚未导入任何行政区划，无法生成报表');
    return county;
  }

  /**
   * Rows one level down: the region's children (every one, with or without data), or at a village its devices
   * (those there now and those that aired there in the period).
   */
  async groupsBelow(region: RegionEntity, cells: ReadonlyArray<{ regionCode: string; deviceId: string }>): Promise<{ groups: CoverageGroup[]; groupOf: (c: { regionCode: string; deviceId: string }) => string | null; groupBy: 'region' | 'device' }> {
    if (region.level === 'village') {
      const here = cells.filter((c) => c.regionCode === region.code).map((c) => c.deviceId);
      const current = await this.devices.find({ where: { regionCode: region.code }, select: { id: true, name: true } });
      const ids = [...new Set([...current.map((d) => d.id), ...here])].sort();
      const names = new Map((await this.devices.find({ where: { id: In(ids) }, select: { id: true, name: true } })).map((d) => [d.id, d.name]));
      return {
        groups: ids.map((id) => ({ key: id, name: names.get(id) ?? `${id}（已删除）`, kind: 'device' })),
        groupOf: (c) => (c.regionCode === region.code ? c.deviceId : null),
        groupBy: 'device',
      };
    }
    const children = await this.regions.find({ where: { parentCode: region.code }, order: { code: 'ASC' } });
    const keys = new Set(children.map((c) => c.code));
    return {
      groups: children.map((c) => ({ key: c.code, name: c.name, kind: 'region' })),
      groupOf: (c) => regionChain(c.regionCode).find((code) => keys.has(code)) ?? null,
      groupBy: 'region',
    };
  }

  async onlineShares(deviceIds: readonly string[], period: ReportPeriod, nowMs: number): Promise<Map<string, number | null>> {
    const transitions = await this.repo.transitions(deviceIds, period.from, period.to);
    const out = new Map<string, number | null>();
    for (const [id, t] of transitions) out.set(id, deviceAvailability(t.before, t.during, period.from, period.to, nowMs).share);
    return out;
  }

  /** Devices now inside a region (for reports whose units are devices). */
  devicesIn(prefix: string): Promise<DeviceEntity[]> {
    return this.devices.find({ where: { regionCode: Like(`${escapeLike(prefix)}%`) }, select: { id: true, name: true, regionCode: true }, order: { id: 'ASC' } });
  }
}

/** Sending is the publish (the API accept when it never went out). */
function sentAtOf(a: AlertEntity): Date {
  return a.publishedAt ?? a.createdAt;
}

function alertRow(a: AlertEntity, facts: readonly AlertDeliveryFact[]): AlertReportRowResponse {
  return { alertId: a.id, alertTitle: a.title, level: a.level, status: a.status, sentAt: sentAtOf(a), ...alertFigures(facts, sentAtOf(a)) };
}
