import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { MediaError } from '@sunshine/media';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { Equal, FindOperator, FindOptionsWhere, In, LessThan, Not, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainEvent, RenditionReadyEvent } from '../common/domain-events';
import { isUniqueViolation } from '../database/unique-violation';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RevisionEntity } from '../contents/revision.entity';
import { LeaderService } from '../leader/leader.service';
import { PROFILE_RENDERERS } from './media-deps';
import { ProfileRenderers, RenderOutput } from './profile-renderers';
import { RenderAnnouncementEntity } from './render-announcement.entity';
import { RenderJobEntity } from './render-job.entity';
import { RenditionEntity } from './rendition.entity';

export const RENDER_PROGRESS = 'render.progress';
export interface RenderProgressEvent {
  jobId: string;
  status: RenderJobEntity['status'];
  progress: number;
  error?: string | null;
  errorCode?: string | null;
  /** Set when an attempt ended (done, failed, or queued again for a retry): the job's profile and how long it ran. */
  profile?: string;
  durationMs?: number;
}

/** The end of one render attempt, for the metrics: which profile and how long it ran. */
type Attempt = { profile: string; durationMs: number };

/** Code of a failure that is not one of the media pipeline's own (a bug, a database error). */
export const RENDER_FAILED = 'RENDER_FAILED';

/**
 * A retryable failure (an online voice that cannot be reached) is an outage, not a bug: keep trying for about
 * half an hour, backing off from 5 s to at most 5 min between attempts.
 */
const MAX_RETRYABLE_ATTEMPTS = 10;
const MAX_BACKOFF_MS = 300_000;
const POLL_MS = 1_000;
/** Finished renders announced per poll (a backlog after the leader was down is worked off over a few seconds). */
const ANNOUNCE_BATCH = 50;
/** The profile most devices use (village loudspeakers). */
const SPEAKER_PROFILE = 'speaker';

/**
 * The persistent render queue: jobs live in the database, workers claim them under a renewable lease, a lapsed
 * lease (a crashed worker, a restarted server) puts the job back in the queue. Identical inputs are never
 * rendered twice: a finished rendition with the same render key is shared instead.
 *
 * The same service runs in the API process (`RENDER_WORKERS` slots, 0: queue only) and in render worker processes
 * (`npm run worker`, no LeaderService). A finished job leaves a row in render_announcements (same transaction); the
 * leader API process takes it and announces it (RenditionReady: playlists are recompiled) exactly once — at once
 * when it rendered the job itself, otherwise on its next poll — so renders finished by workers or by a standby reach
 * the agents without double publishing.
 */
@Injectable()
export class RenderQueueService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('RenderQueue');
  private readonly owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private running = 0;
  private stopped = true;
  private filling: Promise<void> = Promise.resolve();
  private pollTimer: NodeJS.Timeout | null = null;
  private fillingNow = false;
  private readonly active = new Set<Promise<void>>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectRepository(RenderJobEntity) private readonly jobs: Repository<RenderJobEntity>,
    @InjectRepository(RenditionEntity) private readonly renditions: Repository<RenditionEntity>,
    @InjectRepository(RevisionEntity) private readonly revisions: Repository<RevisionEntity>,
    @InjectRepository(RenderAnnouncementEntity) private readonly announcements: Repository<RenderAnnouncementEntity>,
    @Inject(PROFILE_RENDERERS) private readonly renderers: ProfileRenderers,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
    @Optional() private readonly leader?: LeaderService,
  ) {
    this.concurrency = config.renderWorkers;
    this.leaseMs = config.renderLeaseMs;
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.schedulePoll(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    // A claim in flight must finish before the database closes under it.
    await Promise.allSettled([this.filling, ...this.active]);
  }

  /**
   * Queues renders of a revision for profiles. A profile with a queued or running job is not queued twice;
   * a profile already rendered from the same inputs completes without a job unless `force`.
   */
  async enqueue(revisionId: string, profiles: string[], opts: { force?: boolean } = {}): Promise<RenderJobEntity[]> {
    const revision = await this.revisions.findOneByOrFail({ id: revisionId });
    const out: RenderJobEntity[] = [];
    const pendingJob = (profile: string): Promise<RenderJobEntity | null> => this.jobs.findOne({ where: { revisionId, profile, status: In(['queued', 'running']) } });
    for (const profile of [...new Set(profiles)]) {
      const pending = await pendingJob(profile);
      if (pending) {
        out.push(pending);
        continue;
      }
      const renderKey = this.renderers.plan(revision, profile).renderKey;
      const done = opts.force ? null : await this.renditions.findOneBy({ revisionId, renderKey, status: 'done', fallback: false });
      const job = this.jobs.create({
        id: randomUUID(), revisionId, profile, force: opts.force ?? false, attempts: 0, progress: done ? 100 : 0,
        status: done ? 'done' : 'queued', leaseOwner: null, leaseUntil: null, renditionId: done?.id ?? null, error: null, errorCode: null, retryable: false,
      });
      try {
        // insert, not save: save would update a row with the same id instead of failing on the unique index.
        await this.jobs.insert(job);
        out.push(job);
      } catch (err) {
        const raced = isUniqueViolation(err) ? await pendingJob(profile) : null;
        if (!raced) throw err;
        out.push(raced);
      }
    }
    this.schedulePoll(0);
    return out;
  }

  /** Enqueues and resolves when the job has finished (done or failed). */
  async enqueueAndWait(revisionId: string, profile: string, opts: { force?: boolean } = {}): Promise<RenderJobEntity> {
    const [job] = await this.enqueue(revisionId, [profile], opts);
    return this.waitFor(job.id);
  }

  async waitFor(jobId: string): Promise<RenderJobEntity> {
    for (;;) {
      const job = await this.jobs.findOneByOrFail({ id: jobId });
      if (job.status === 'done' || job.status === 'failed') return job;
      await new Promise<void>((resolve) => {
        const onEvent = (e: RenderProgressEvent): void => {
          if (e.jobId === jobId && (e.status === 'done' || e.status === 'failed')) finish();
        };
        const timer = setTimeout(() => finish(), 2_000); // re-read: another process may own the job
        const finish = (): void => {
          clearTimeout(timer);
          this.events.off(RENDER_PROGRESS, onEvent);
          resolve();
        };
        this.events.on(RENDER_PROGRESS, onEvent);
      });
    }
  }

  get(jobId: string): Promise<RenderJobEntity | null> {
    return this.jobs.findOneBy({ id: jobId });
  }

  list(revisionId: string): Promise<RenderJobEntity[]> {
    return this.jobs.find({ where: { revisionId }, order: { createdAt: 'DESC' } });
  }

  /**
   * The one timer: jobs queued by another process, retries whose back-off ended, lapsed leases and renders to
   * announce are found by this poll (every module running the queue imports ScheduleModule). Local enqueues and
   * finished jobs only wake the queue at once (schedulePoll(0)); they arm no timer of their own.
   */
  @Interval('render-queue-poll', POLL_MS)
  poll(): void {
    if (!this.stopped && !this.fillingNow) this.schedulePoll(0);
  }

  /**
   * One poll round now, resolved once it has announced and claimed what it found (not when the claimed jobs end):
   * what a caller that must know a round happened (a test) waits on instead of the clock.
   */
  async pollNow(): Promise<void> {
    if (this.stopped) return;
    await this.filling;
    await this.startFill();
  }

  private schedulePoll(delayMs: number): void {
    if (this.stopped) return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.startFill(), delayMs);
    this.pollTimer.unref();
  }

  private startFill(): Promise<void> {
    this.filling = this.fill().catch((e: Error) => this.logger.error(`渲染队列出错：${e.message}`));
    return this.filling;
  }

  /** Announces renders other processes finished (leader only), then claims jobs until all slots are busy or none is left. */
  private async fill(): Promise<void> {
    this.fillingNow = true;
    try {
      await this.claimWhileFree();
    } finally {
      this.fillingNow = false;
    }
  }

  private async claimWhileFree(): Promise<void> {
    if (this.leader?.isLeader()) await this.announcePending();
    while (!this.stopped && this.running < this.concurrency) {
      const job = await this.claim();
      if (!job) break;
      this.running++;
      // process() records every failure on the job; what escapes (the database itself failing) is logged, never
      // left as an unhandled rejection that would end the process.
      const work = this.process(job)
        .catch((e: Error) => this.logger.error(`渲染任务 ${job.id} 无法记录结果：${e.message}`))
        .finally(() => {
          this.running--;
          this.active.delete(work);
          this.schedulePoll(0);
        });
      this.active.add(work);
    }
  }

  /**
   * Takes the oldest queued job, or one whose lease lapsed, with a conditional update (safe across processes).
   * Loudspeaker jobs go first: after a burst of approvals most devices (speakers) must not wait behind video renders.
   */
  private async claim(): Promise<RenderJobEntity | null> {
    const now = this.clock.now();
    const due = (profile: FindOperator<string>): FindOptionsWhere<RenderJobEntity>[] => [
      { status: 'queued', profile },
      { status: 'running', leaseUntil: LessThan(now), profile },
    ];
    const oldest = (profile: FindOperator<string>): Promise<RenderJobEntity[]> => this.jobs.find({ where: due(profile), order: { createdAt: 'ASC' }, take: 5 });
    const candidates = [...(await oldest(Equal(SPEAKER_PROFILE))), ...(await oldest(Not(SPEAKER_PROFILE)))];
    for (const c of candidates) {
      if (c.status === 'queued' && c.leaseUntil && c.leaseUntil > now) continue; // retry back-off
      const res = await this.jobs.update(
        { id: c.id, status: c.status, attempts: c.attempts },
        { status: 'running', leaseOwner: this.owner, leaseUntil: new Date(now.getTime() + this.leaseMs), attempts: c.attempts + 1 },
      );
      if (res.affected === 1) {
        if (c.status === 'running') this.logger.warn(`渲染任务 ${c.id} 的租约已过期（原执行者 ${c.leaseOwner}），重新执行`);
        return this.jobs.findOneByOrFail({ id: c.id });
      }
    }
    return null;
  }

  private async process(job: RenderJobEntity): Promise<void> {
    const startedMs = this.clock.nowMs();
    const ended = (): Attempt => ({ profile: job.profile, durationMs: this.clock.nowMs() - startedMs });
    const renew = setInterval(() => {
      // A failed renewal only risks the lease lapsing (another worker redoes the job): log it, never crash.
      this.jobs
        .update({ id: job.id, leaseOwner: this.owner }, { leaseUntil: new Date(this.clock.nowMs() + this.leaseMs) })
        .catch((e: Error) => this.logger.warn(`渲染任务 ${job.id} 续租失败：${e.message}`));
    }, Math.max(1_000, Math.floor(this.leaseMs / 3)));
    renew.unref();
    try {
      const rendition = await this.render(job);
      await this.finish(job, { status: 'done', progress: 100, renditionId: rendition.id, error: null, errorCode: null, retryable: false }, ended(), rendition);
      if (this.leader?.isLeader()) await this.announce(job.id);
    } catch (err) {
      // Expected media failures become a job status with a reason, not an exception for the caller.
      const retryable = err instanceof MediaError ? err.retryable : false;
      const errorCode = err instanceof MediaError ? err.code : RENDER_FAILED;
      if (retryable && job.attempts < MAX_RETRYABLE_ATTEMPTS) {
        const backoffMs = Math.min(5_000 * 2 ** (job.attempts - 1), MAX_BACKOFF_MS);
        const message = failureMessage(err as Error, `将在 ${backoffMs / 1000} 秒后自动重试（第 ${job.attempts} 次失败）`);
        const backoff = new Date(this.clock.nowMs() + backoffMs);
        await this.finish(job, { status: 'queued', leaseOwner: null, leaseUntil: backoff, error: message, errorCode, retryable: true }, ended());
        this.logger.warn(`渲染任务 ${job.id}（${job.profile}）暂时失败，稍后重试：${message}`);
      } else {
        const message = failureMessage(err as Error, retryable ? `已自动重试 ${job.attempts} 次，恢复后可重新提交渲染` : undefined);
        await this.finish(job, { status: 'failed', error: message, errorCode, retryable }, ended());
        this.logger.error(`渲染任务 ${job.id}（${job.profile}）失败：${message}`);
      }
    } finally {
      clearInterval(renew);
    }
  }

  /** Finished jobs nobody announced yet: rendered by a worker, a standby, or by a leader that died before announcing. */
  private async announcePending(): Promise<void> {
    const pending = await this.announcements.find({ order: { createdAt: 'ASC' }, take: ANNOUNCE_BATCH });
    for (const a of pending) await this.announce(a.jobId, a);
  }

  /** Emits RenditionReady once per job across all processes: the conditional delete picks the one announcer. */
  private async announce(jobId: string, known?: RenderAnnouncementEntity): Promise<void> {
    const row = known ?? (await this.announcements.findOneBy({ jobId }));
    if (!row) return;
    const res = await this.announcements.delete({ jobId });
    if (res.affected !== 1) return;
    const ready: RenditionReadyEvent = { revisionId: row.revisionId, profile: row.profile, sha256: row.sha256 };
    this.events.emit(DomainEvent.RenditionReady, ready);
  }

  private async render(job: RenderJobEntity): Promise<RenditionEntity> {
    const revision = await this.revisions.findOneByOrFail({ id: job.revisionId });
    const plan = this.renderers.plan(revision, job.profile);
    if (!job.force) {
      // A fallback rendition is never a cache hit: rendering again is how the chosen voice gets its turn.
      const own = await this.renditions.findOneBy({ revisionId: revision.id, renderKey: plan.renderKey, status: 'done', fallback: false });
      if (own) return own;
      const shared = await this.renditions.findOneBy({ renderKey: plan.renderKey, status: 'done', fallback: false });
      // Same inputs under another revision (an unchanged text re-approved): share the file, no ffmpeg run.
      if (shared) return this.saveRendition(revision.id, job.profile, plan.renderKey, asOutput(shared));
    }
    const started = Date.now();
    let lastReport = 0;
    const out = await plan.run((pct) => {
      const now = Date.now();
      if (now - lastReport < 500 && pct < 100) return;
      lastReport = now;
      // Progress is advisory: a database error here must not end the process.
      this.jobs.update({ id: job.id }, { progress: Math.round(pct) }).catch((e: Error) => this.logger.warn(`渲染任务 ${job.id} 进度写入失败：${e.message}`));
      this.events.emit(RENDER_PROGRESS, { jobId: job.id, status: 'running', progress: Math.round(pct) } satisfies RenderProgressEvent);
    });
    this.logger.log(`已渲染《${revision.title}》${job.profile} 版：${(out.durationMs / 1000).toFixed(1)} 秒，用时 ${Date.now() - started} 毫秒，sha256 ${out.sha256.slice(0, 12)}…`);
    if (out.fallback) this.logger.warn(`《${revision.title}》${job.profile} 版的在线语音 ${out.voiceId} 无法连接，已改用离线语音 ${out.voiceUsed}`);
    return this.saveRendition(revision.id, job.profile, plan.renderKey, out);
  }

  private async saveRendition(revisionId: string, profile: string, renderKey: string, out: RenderOutput): Promise<RenditionEntity> {
    const existing = await this.renditions.findOneBy({ revisionId, renderKey });
    return this.renditions.save(
      this.renditions.create({
        id: existing?.id ?? randomUUID(),
        revisionId,
        profile,
        renderKey,
        status: 'done',
        sha256: out.sha256,
        size: out.size,
        durationMs: out.durationMs,
        mime: out.mime,
        ext: out.ext,
        voiceId: out.voiceId,
        voiceUsed: out.voiceUsed,
        fallback: out.fallback,
        sentences: out.sentences,
        error: null,
      }),
    );
  }

  /** Records the job's outcome; a rendition is recorded for announcement in the same transaction. */
  private async finish(job: RenderJobEntity, patch: Partial<RenderJobEntity>, attempt?: Attempt, rendition?: RenditionEntity): Promise<void> {
    if (rendition) {
      await this.jobs.manager.transaction(async (tx) => {
        await tx.update(RenderJobEntity, { id: job.id }, patch);
        // Ignored when present: a job rendered twice (a stalled worker's lease taken over) is announced once.
        const row = { jobId: job.id, revisionId: rendition.revisionId, profile: rendition.profile, sha256: rendition.sha256! };
        await tx.createQueryBuilder().insert().into(RenderAnnouncementEntity).values(row).orIgnore().execute();
      });
    } else {
      await this.jobs.update({ id: job.id }, patch);
    }
    const event = { jobId: job.id, status: patch.status!, progress: patch.progress ?? job.progress, error: patch.error, errorCode: patch.errorCode, ...attempt };
    this.events.emit(RENDER_PROGRESS, event satisfies RenderProgressEvent);
  }
}

function asOutput(r: RenditionEntity): RenderOutput {
  const voiceId = r.voiceId ?? '';
  return {
    sha256: r.sha256!, size: r.size!, durationMs: r.durationMs!, mime: r.mime!, ext: r.ext!, voiceId,
    voiceUsed: r.voiceUsed ?? voiceId, fallback: r.fallback, sentences: r.sentences ?? [],
  };
}

/** The failure's own (Chinese) message and what the queue does about it, within the column's length. */
export function failureMessage(err: Error, next?: string): string {
  return (next ? `${err.message}；${next}` : err.message).slice(0, 1000);
}
