import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PlayLogEntry } from '@sunshine/playlists';
import { In, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { escapeLike, Page, pageWindow, wantsPage } from '../common/pagination';
import { RevisionEntity } from '../contents/revision.entity';
import { DeviceEntity } from '../devices/device.entity';
import { regionPrefix } from '../devices/devices.service';
import type { PlayLogQuery } from './playlogs.controller';
import { Clock } from '../common/clock';
import { PlayLogEntity } from './play-log.entity';
import { ReportRecorder } from '../reports/report-recorder.service';

/** A play log as the console lists it: with the names a person searches by. */
export interface PlayLogView extends PlayLogEntity {
  deviceName: string | null;
  regionCode: string | null;
  contentTitle: string | null;
}

@Injectable()
export class PlayLogsService {
  constructor(
    @InjectRepository(PlayLogEntity) private readonly logs: Repository<PlayLogEntity>,
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    @InjectRepository(RevisionEntity) private readonly revisions: Repository<RevisionEntity>,
    private readonly clock: Clock,
    private readonly scope: ScopeService,
    private readonly reports: ReportRecorder,
  ) {}

  /**
   * Stores play logs idempotently: the agent chose the ids, so a redelivered entry is ignored by the database
   * (INSERT … ON CONFLICT DO NOTHING / OR IGNORE, portable through TypeORM). Returns the ids of new rows.
   */
  async store(entries: PlayLogEntry[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const existing = new Set((await this.logs.find({ select: { id: true }, where: { id: In(entries.map((e) => e.id)) } })).map((r) => r.id));
    const receivedAt = this.clock.now();
    await this.logs
      .createQueryBuilder()
      .insert()
      .into(PlayLogEntity)
      .values(
        entries.map((e) => ({
          id: e.id,
          deviceId: e.deviceId,
          slotId: e.slotId,
          scheduleId: e.scheduleId,
          contentId: e.contentId,
          revisionId: e.revisionId,
          sha256: e.sha256,
          startedAt: new Date(e.startedAt),
          endedAt: new Date(e.endedAt),
          playedMs: e.playedMs,
          outcome: e.outcome,
          reason: e.reason ?? null,
          receivedAt,
        })),
      )
      .orIgnore()
      .execute();
    const fresh = entries.filter((e) => !existing.has(e.id));
    // Reports count each log once, with the region it aired in; their table ignores a redelivered id too.
    await this.reports.recordPlayLogs(fresh);
    return fresh.map((e) => e.id);
  }

  /**
   * Newest first. Without `page`/`pageSize` the bare array (agents' tests and tools read it), up to `limit`.
   * A scoped account sees the play logs of the devices inside its region only.
   */
  async find(q: PlayLogQuery, user?: AuthUser): Promise<PlayLogEntity[] | Page<PlayLogView>> {
    const qb = this.logs.createQueryBuilder('l').orderBy('l.startedAt', 'DESC').addOrderBy('l.id', 'ASC');
    if (q.deviceId) {
      await this.scope.assertDeviceIds(user, [q.deviceId]);
      qb.andWhere('l.deviceId = :deviceId', { deviceId: q.deviceId });
    }
    if (q.contentId) qb.andWhere('l.contentId = :contentId', { contentId: q.contentId });
    if (q.outcome) qb.andWhere('l.outcome = :outcome', { outcome: q.outcome });
    if (q.from) qb.andWhere('l.startedAt >= :from', { from: new Date(q.from) });
    if (q.to) qb.andWhere('l.startedAt < :to', { to: new Date(q.to) });
    if (q.title) {
      qb.andWhere((where) => {
        const titled = where.subQuery().select('r.contentId').from(RevisionEntity, 'r').where("r.title LIKE :title ESCAPE '\\'").getQuery();
        return `l.contentId IN ${titled}`;
      });
      qb.setParameter('title', `%${escapeLike(q.title)}%`);
    }
    // Play logs do not carry a region: the device's current region decides (for the filter and for the scope).
    const inRegion = (param: string, prefix: string): void => {
      qb.andWhere((where) => {
        const devices = where.subQuery().select('d.id').from(DeviceEntity, 'd').where(`d.regionCode LIKE :${param} ESCAPE '\\'`).getQuery();
        return `l.deviceId IN ${devices}`;
      });
      qb.setParameter(param, `${escapeLike(prefix)}%`);
    };
    if (q.regionCode) inRegion('prefix', regionPrefix(q.regionCode));
    const scope = this.scope.scopePrefix(user);
    if (scope !== null) inRegion('scope', scope);
    if (!wantsPage(q)) return qb.take(Math.min(q.limit ?? 500, 5000)).getMany();
    const w = pageWindow(q);
    const [items, total] = await qb.skip(w.skip).take(w.take).getManyAndCount();
    return { items: await this.named(items), total, page: w.page, pageSize: w.pageSize };
  }

  /** One page's device names and regions and content titles (latest revision), in two small queries. */
  private async named(items: PlayLogEntity[]): Promise<PlayLogView[]> {
    if (items.length === 0) return [];
    const deviceIds = [...new Set(items.map((l) => l.deviceId))];
    const contentIds = [...new Set(items.map((l) => l.contentId))];
    const devices = new Map((await this.devices.find({ select: { id: true, name: true, regionCode: true }, where: { id: In(deviceIds) } })).map((d) => [d.id, d]));
    const titles = new Map<string, string>();
    for (const r of await this.revisions.find({ select: { contentId: true, title: true, number: true }, where: { contentId: In(contentIds) }, order: { number: 'ASC' } })) {
      titles.set(r.contentId, r.title);
    }
    return items.map((l) => ({ ...l, deviceName: devices.get(l.deviceId)?.name ?? null, regionCode: devices.get(l.deviceId)?.regionCode ?? null, contentTitle: titles.get(l.contentId) ?? null }));
  }
}
