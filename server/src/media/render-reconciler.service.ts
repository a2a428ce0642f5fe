import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, MoreThan, Not, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { ContentEntity } from '../contents/content.entity';
import { RevisionEntity } from '../contents/revision.entity';
import { coverageKey, missingRenders } from './render-reconcile';
import { RenderJobEntity } from './render-job.entity';
import { RenderQueueService } from './render-queue.service';
import { RenditionEntity } from './rendition.entity';
import { RenditionsService } from './renditions.service';

/** SQLite allows 999 bound parameters per statement (older builds): stay well below. */
const CHUNK = 400;

/**
 * Approval commits, then an in-process event enqueues the renders: a crash (or a database error) between the two
 * leaves an approved revision that is never rendered and never airs. At every start this puts a job in the queue
 * for each approved, still-valid revision and each profile in use that has neither a rendition nor a job. Safe to
 * run beside a live enqueue: the queue's unique index keeps one pending job per revision and profile.
 */
@Injectable()
export class RenderReconcilerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('RenderReconcile');
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectRepository(ContentEntity) private readonly contents: Repository<ContentEntity>,
    @InjectRepository(RevisionEntity) private readonly revisions: Repository<RevisionEntity>,
    @InjectRepository(RenditionEntity) private readonly renditions: Repository<RenditionEntity>,
    @InjectRepository(RenderJobEntity) private readonly jobs: Repository<RenderJobEntity>,
    private readonly renditionsService: RenditionsService,
    private readonly queue: RenderQueueService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: start-up must not wait on a large catalogue; a failure is logged, never fatal.
    this.running = this.reconcile().catch((e: Error) => this.logger.error(`启动时补排渲染失败：${e.message}`));
  }

  async onModuleDestroy(): Promise<void> {
    await this.running;
  }

  /** Enqueues what is missing; returns the number of jobs asked for. */
  async reconcile(): Promise<number> {
    const approved = await this.contents.find({ where: { approvedRevisionId: Not(IsNull()), status: Not('withdrawn') }, select: { id: true, approvedRevisionId: true } });
    const candidateIds = approved.map((c) => c.approvedRevisionId!);
    if (candidateIds.length === 0) return 0;
    const now = this.clock.now();
    const revisionIds: string[] = [];
    const rendered = new Set<string>();
    const jobbed = new Set<string>();
    for (let i = 0; i < candidateIds.length; i += CHUNK) {
      const ids = candidateIds.slice(i, i + CHUNK);
      // An expired notice never airs again: rendering it would be wasted work.
      const live = await this.revisions.find({ where: [{ id: In(ids), validUntil: IsNull() }, { id: In(ids), validUntil: MoreThan(now) }], select: { id: true } });
      revisionIds.push(...live.map((r) => r.id));
      const done = await this.renditions.find({ where: { revisionId: In(ids), status: 'done' }, select: { revisionId: true, profile: true } });
      for (const r of done) rendered.add(coverageKey(r.revisionId, r.profile));
      const jobs = await this.jobs.find({ where: { revisionId: In(ids) }, select: { revisionId: true, profile: true } });
      for (const j of jobs) jobbed.add(coverageKey(j.revisionId, j.profile));
    }
    const profiles = await this.renditionsService.profilesInUse();
    const missing = missingRenders(revisionIds, profiles, { rendered, jobbed });
    let count = 0;
    for (const [revisionId, needed] of missing) {
      // One revision's failure (deleted meanwhile, a database hiccup) must not stop the others.
      await this.queue.enqueue(revisionId, needed).then(
        () => (count += needed.length),
        (e: Error) => this.logger.error(`无法为已审核版本 ${revisionId} 补排渲染：${e.message}`),
      );
    }
    if (count > 0) this.logger.warn(`启动检查：${missing.size} 个已审核版本缺少渲染（上次运行可能在审核通过后中断），已补排 ${count} 个渲染任务`);
    return count;
  }
}
