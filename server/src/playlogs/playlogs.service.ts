import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PlayLogEntry } from '@sunshine/playlists';
import { FindOptionsWhere, In, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { Clock } from '../common/clock';
import { PlayLogEntity } from './play-log.entity';

@Injectable()
export class PlayLogsService {
  constructor(
    @InjectRepository(PlayLogEntity) private readonly logs: Repository<PlayLogEntity>,
    private readonly clock: Clock,
    private readonly scope: ScopeService,
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
    return entries.map((e) => e.id).filter((id) => !existing.has(id));
  }

  /** A scoped account sees the play logs of the devices inside its region only. */
  async find(q: { deviceId?: string; contentId?: string; limit?: number }, user?: AuthUser): Promise<PlayLogEntity[]> {
    const where: FindOptionsWhere<PlayLogEntity> = {};
    const inScope = await this.scope.deviceIdsInScope(user);
    if (q.deviceId) {
      await this.scope.assertDeviceIds(user, [q.deviceId]);
      where.deviceId = q.deviceId;
    } else if (inScope !== null) {
      where.deviceId = In(inScope);
    }
    if (q.contentId) where.contentId = q.contentId;
    return this.logs.find({ where, order: { startedAt: 'DESC' }, take: Math.min(q.limit ?? 500, 5000) });
  }
}
