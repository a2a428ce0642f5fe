import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { localDateTimeOf } from '@sunshine/playlists';
import { In, MoreThanOrEqual, Repository } from 'typeorm';
import { AlertsService } from '../alerts/alerts.service';
import type { AuthUser } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ContentEntity } from '../contents/content.entity';
import { RevisionEntity } from '../contents/revision.entity';
import { DeviceEntity } from '../devices/device.entity';
import { townOf } from '../devices/target-summary';
import { RenderJobEntity } from '../media/render-job.entity';
import { PlayLogEntity } from '../playlogs/play-log.entity';
import { RegionsService } from '../regions/regions.service';
import { SchedulesService } from '../schedules/schedules.service';
import { AirTodayView, AlertInProgressView, DashboardView, ProblemDeviceView, RenderInProgressView, TownStatusView } from './dashboard.dto';
import { deviceProblems, FAILED_PLAY_WINDOW_MS } from './device-problems';

/** The operator's first page: one read of everything that needs attention now. */
@Injectable()
export class DashboardService {
  constructor(
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    @InjectRepository(ContentEntity) private readonly contents: Repository<ContentEntity>,
    @InjectRepository(RevisionEntity) private readonly revisions: Repository<RevisionEntity>,
    @InjectRepository(RenderJobEntity) private readonly jobs: Repository<RenderJobEntity>,
    @InjectRepository(PlayLogEntity) private readonly logs: Repository<PlayLogEntity>,
    private readonly regions: RegionsService,
    private readonly schedules: SchedulesService,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
    private readonly scope: ScopeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A scoped account sees its towns, devices, airings and alerts only; review and render queues are county-wide work. */
  async get(user?: AuthUser): Promise<DashboardView> {
    const region = this.scope.regionCondition(user);
    const devices = await this.devices.find({ where: { active: true, ...(region ? { regionCode: region } : {}) }, order: { id: 'ASC' } });
    return {
      towns: await this.towns(devices, user),
      airsToday: await this.airsToday(user),
      pendingReview: await this.contents.countBy({ status: 'submitted' }),
      rendersInProgress: await this.renders(),
      alertsInProgress: await this.alertsInProgress(user),
      problemDevices: await this.problemDevices(devices),
    };
  }

  private async towns(devices: DeviceEntity[], user?: AuthUser): Promise<TownStatusView[]> {
    const towns = (await this.regions.list()).filter((r) => r.level === 'town' && this.scope.overlapsRegion(user, r.code));
    const byTown = new Map(towns.map((t) => [t.code, { code: t.code, name: t.name, online: 0, offline: 0, total: 0 }]));
    for (const d of devices) {
      const town = byTown.get(townOf(d.regionCode) ?? '');
      if (!town) continue;
      town.total++;
      if (d.online) town.online++;
      else town.offline++;
    }
    return [...byTown.values()];
  }

  private async airsToday(user?: AuthUser): Promise<AirTodayView[]> {
    const t = localDateTimeOf(this.clock.nowMs(), this.config.timezone);
    const today = `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
    const occurrences = await this.schedules.calendar({ from: today, to: today }, user);
    const bySchedule = new Map<string, AirTodayView>();
    for (const o of occurrences) {
      if (o.kind !== 'slot' || o.status === 'withdrawn') continue;
      const air = bySchedule.get(o.scheduleId) ?? { scheduleId: o.scheduleId, contentId: o.contentId, title: o.title, times: [], deviceCount: o.deviceCount };
      air.times.push(o.start);
      bySchedule.set(o.scheduleId, air);
    }
    return [...bySchedule.values()];
  }

  private async renders(): Promise<RenderInProgressView[]> {
    const jobs = await this.jobs.find({ where: { status: In(['queued', 'running']) }, order: { createdAt: 'ASC' } });
    if (jobs.length === 0) return [];
    const revisions = new Map((await this.revisions.find({ where: { id: In([...new Set(jobs.map((j) => j.revisionId))]) }, select: { id: true, contentId: true, title: true } })).map((r) => [r.id, r]));
    return jobs.map((j) => ({
      jobId: j.id,
      contentId: revisions.get(j.revisionId)?.contentId ?? '',
      title: revisions.get(j.revisionId)?.title ?? '',
      profile: j.profile,
      // Jobs record whole percent.
      progress: Math.min(1, Math.max(0, j.progress / 100)),
      state: j.status,
    }));
  }

  private async alertsInProgress(user?: AuthUser): Promise<AlertInProgressView[]> {
    const lists = await Promise.all([this.alerts.list({ status: 'active', pageSize: 200 }, user), this.alerts.list({ status: 'pending-confirmation', pageSize: 200 }, user)]);
    return lists.flatMap((l) => (Array.isArray(l) ? l : l.items)).map((a) => ({ id: a.id, level: a.level, title: a.title, text: a.text, status: a.status, source: a.source, counts: a.counts }));
  }

  private async problemDevices(devices: DeviceEntity[]): Promise<ProblemDeviceView[]> {
    const nowMs = this.clock.nowMs();
    const failed = await this.logs
      .createQueryBuilder('l')
      .select('l.deviceId', 'deviceId')
      .addSelect('COUNT(*)', 'n')
      .where('l.outcome = :outcome', { outcome: 'failed' })
      .andWhere('l.startedAt >= :since', { since: new Date(nowMs - FAILED_PLAY_WINDOW_MS) })
      .groupBy('l.deviceId')
      .getRawMany<{ deviceId: string; n: string | number }>();
    const failedBy = new Map(failed.map((r) => [r.deviceId, Number(r.n)]));
    return devices.flatMap((d) => {
      const { problems, detail } = deviceProblems(
        {
          online: d.online,
          lastSeenAt: d.lastSeenAt,
          createdAt: d.createdAt,
          clockOffsetMs: d.state?.clockOffsetMs ?? null,
          cacheBytes: d.state?.cacheBytes ?? null,
          failedPlays: failedBy.get(d.id) ?? 0,
        },
        nowMs,
      );
      return problems.length > 0 ? [{ id: d.id, name: d.name, regionCode: d.regionCode, problems, detail }] : [];
    });
  }
}
