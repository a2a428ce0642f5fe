import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import type { TtsEngine } from '@sunshine/media';
import { In, Repository } from 'typeorm';
import { AppError, ErrorCode } from '../common/app-error';
import { DomainEvent, RevisionApprovedEvent } from '../common/domain-events';
import { RevisionEntity } from '../contents/revision.entity';
import { DeviceEntity } from '../devices/device.entity';
import { TTS_ENGINES } from './media-deps';
import { RenderJobEntity } from './render-job.entity';
import { RenderQueueService } from './render-queue.service';
import { RenditionEntity } from './rendition.entity';

/** Decides which renditions a revision needs and reads finished ones; the queue does the rendering. */
@Injectable()
export class RenditionsService implements OnModuleDestroy {
  private readonly logger = new Logger('Renditions');

  constructor(
    @InjectRepository(RenditionEntity) private readonly renditions: Repository<RenditionEntity>,
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    @InjectRepository(RevisionEntity) private readonly revisions: Repository<RevisionEntity>,
    @Inject(TTS_ENGINES) private readonly engines: TtsEngine[],
    private readonly queue: RenderQueueService,
  ) {}

  /** On approval: the speaker rendition first (fast, most devices), then every screen profile in use. */
  @OnEvent(DomainEvent.RevisionApproved)
  onApproved(e: RevisionApprovedEvent): void {
    void this.profilesInUse()
      .then((profiles) => this.queue.enqueue(e.revisionId, profiles))
      .catch((err: Error) => this.logger.error(`无法安排渲染：${err.message}`));
  }

  /** Renders for an editor before review (preview) or on operator request (force re-render). */
  render(revisionId: string, profiles: string[] | undefined, force: boolean): Promise<RenderJobEntity[]> {
    return profiles?.length ? this.queue.enqueue(revisionId, profiles, { force }) : this.profilesInUse().then((p) => this.queue.enqueue(revisionId, p, { force }));
  }

  async profilesInUse(): Promise<string[]> {
    const rows = await this.devices.createQueryBuilder('d').select('DISTINCT d.profile', 'profile').where('d.active = :a', { a: true }).getRawMany<{ profile: string }>();
    return ['speaker', ...rows.map((r) => r.profile).filter((p) => p !== 'speaker').sort()];
  }

  /** Done renditions of these revisions for one profile, keyed by revision id. */
  async doneFor(revisionIds: string[], profile: string): Promise<Map<string, RenditionEntity>> {
    if (revisionIds.length === 0) return new Map();
    const rows = await this.renditions.find({ where: { revisionId: In(revisionIds), profile, status: 'done' }, order: { updatedAt: 'DESC' } });
    const out = new Map<string, RenditionEntity>();
    for (const r of rows) if (!out.has(r.revisionId)) out.set(r.revisionId, r);
    return out;
  }

  async listForRevision(revisionId: string): Promise<RenditionEntity[]> {
    await this.assertRevision(revisionId);
    return this.renditions.find({ where: { revisionId }, order: { createdAt: 'DESC' } });
  }

  /** An unknown revision is a 404, not an empty list that reads as "not rendered yet". */
  async assertRevision(revisionId: string): Promise<void> {
    if (!(await this.revisions.existsBy({ id: revisionId }))) throw AppError.notFound(ErrorCode.RevisionNotFound, `修订 ${revisionId} 不存在`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.onModuleDestroy();
    await Promise.all(this.engines.map((e) => e.close?.()));
  }
}
