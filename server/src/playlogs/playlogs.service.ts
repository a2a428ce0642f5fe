import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PlayLogEntry } from '@sunshine/playlists';
import { In, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { escapeLike, likeIgnoringCase, Page, pageWindow, wantsPage } from '../common/pagination';
import { RevisionEntity } from '../contents/revision.entity';
import { DeviceEntity } from '../devices/device.entity';
import { regionPrefix } from '../devices/devices.service';
import type { PlayLogQuery } from './playlogs.controller';
import { Clock } from '../common/clock';
import { Coalescer } from '../common/coalescer';
import { insertIgnoringDuplicates } from '../database/bulk-insert';
import { PlayLogEntity } from './play-log.entity';
import { newPlayLogs } from './new-play-logs';
import { ReportRecorder } from '../reports/report-recorder.service';

/** How long a first batch waits for others to share its transaction, and the most logs stored at once. */
const COALESCE_WINDOW_MS = 5;
const COALESCE_MAX_LOGS = 5000;
/** Ids per SELECT … IN. */
const ID_CHUNK = 500;
const PLAY_LOG_COLUMNS = ['id', 'deviceId', 'slotId', 'scheduleId', 'contentId', 'revisionId', 'sha256', 'startedAt', 'endedAt', 'playedMs', 'outcome', 'reason', 'receivedAt'] as const;

/** A play log as the console lists it: with the names a person searches by. */
export interface PlayLogView extends PlayLogEntity {
  deviceName: string | null;
  regionCode: string | null;
  contentTitle: string | null;
}

@Injectable()
export class PlayLogsService {
  private readonly batches = new Coalescer<{ deviceId: string; entries: PlayLogEntry[] }, PlayLogEntry[]>((b) => this.storeBatches(b), {
    windowMs: COALESCE_WINDOW_MS,
    maxSize: COALESCE_MAX_LOGS,
    sizeOf: (b) => b.entries.length,
  });

  constructor(
    @InjectRepository(PlayLogEntity) private readonly logs: Repository<PlayLogEntity>,
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    @InjectRepository(RevisionEntity) private readonly revisions: Repository<RevisionEntity>,
    private readonly clock: Clock,
    private readonly scope: ScopeService,
    private readonly reports: ReportRecorder,
  ) {}

  /**
   * Stores one device's play logs idempotently. The key is (device, agent-chosen id): the same device resending
   * an id stores nothing, another device's equal id is its own row. Returns the entries stored by this call.
   * Batches of all devices arriving within a few milliseconds (or while the previous store runs) are stored
   * together — one transaction, multi-row inserts, the report bookkeeping inside it — and each call resolves
   * only after that commit (the caller acknowledges then). Stores never overlap, so a batch redelivered while
   * the first copy is still being written is not reported as new twice.
   */
  store(deviceId: string, entries: PlayLogEntry[]): Promise<PlayLogEntry[]> {
    const own = entries.filter((e) => e.deviceId === deviceId);
    if (own.length === 0) return Promise.resolve([]);
    return this.batches.add({ deviceId, entries: own });
  }

  /** One coalesced store: the entries new for each batch, in order (a later batch sees an earlier one's ids). */
  private async storeBatches(batches: ReadonlyArray<{ deviceId: string; entries: PlayLogEntry[] }>): Promise<PlayLogEntry[][]> {
    const receivedAt = this.clock.now();
    return this.logs.manager.transaction(async (tx) => {
      const deviceIds = [...new Set(batches.map((b) => b.deviceId))];
      const ids = [...new Set(batches.flatMap((b) => b.entries.map((e) => e.id)))];
      const stored = new Map<string, string[]>(deviceIds.map((d) => [d, []]));
      // (device IN …) AND (id IN …) is a superset of the pairs wanted; newPlayLogs keeps only each device's own.
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const rows = await tx.find(PlayLogEntity, { select: { deviceId: true, id: true }, where: { deviceId: In(deviceIds), id: In(ids.slice(i, i + ID_CHUNK)) } });
        for (const r of rows) stored.get(r.deviceId)?.push(r.id);
      }
      const fresh = batches.map((b) => {
        const mine = newPlayLogs(b.deviceId, b.entries, stored.get(b.deviceId)!);
        stored.get(b.deviceId)!.push(...mine.map((e) => e.id));
        return mine;
      });
      const rows = fresh.flat().map(
        (e): PlayLogEntity => ({
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
        }),
      );
      // Another server process sharing the database may have stored the same entry meanwhile.
      await insertIgnoringDuplicates(tx, PlayLogEntity, PLAY_LOG_COLUMNS, rows);
      // Reports count each log once, with the region it aired in; stored and counted, or neither.
      await this.reports.recordPlayLogs(fresh.flat(), tx);
      return fresh;
    });
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
        const titled = where.subQuery().select('r.contentId').from(RevisionEntity, 'r').where(likeIgnoringCase('r.title', 'title')).getQuery();
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
