import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { getProfile } from '@sunshine/devices';
import { renderKeyForSpeaker, SpeakerRenderer, SpeakerRenderInput, TtsEngine } from '@sunshine/media';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { DomainEvent, RenditionReadyEvent, RevisionApprovedEvent } from '../common/domain-events';
import { RevisionEntity } from '../contents/revision.entity';
import { RenditionEntity } from './rendition.entity';
import { SPEAKER_RENDERER, TTS_ENGINES } from './media-deps';

/**
 * Produces renditions when a revision is approved. Renders run one at a time in-process for now; a render key
 * already done is reused without running ffmpeg again.
 */
@Injectable()
export class RenditionsService implements OnModuleDestroy {
  private readonly logger = new Logger('Renditions');
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectRepository(RenditionEntity) private readonly renditions: Repository<RenditionEntity>,
    @InjectRepository(RevisionEntity) private readonly revisions: Repository<RevisionEntity>,
    @Inject(SPEAKER_RENDERER) private readonly speaker: SpeakerRenderer,
    @Inject(TTS_ENGINES) private readonly engines: TtsEngine[],
    private readonly events: EventEmitter2,
  ) {}

  @OnEvent(DomainEvent.RevisionApproved)
  onApproved(e: RevisionApprovedEvent): void {
    void this.ensureSpeakerRendition(e.revisionId).catch((err: Error) => this.logger.error(`渲染失败：${err.message}`));
  }

  /** Returns the done rendition for a revision's speaker profile, rendering it if needed. */
  ensureSpeakerRendition(revisionId: string): Promise<RenditionEntity> {
    const run = this.queue.then(() => this.renderSpeaker(revisionId));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Done renditions of these revisions for one profile, keyed by revision id. */
  async doneFor(revisionIds: string[], profile: string): Promise<Map<string, RenditionEntity>> {
    if (revisionIds.length === 0) return new Map();
    const rows = await this.renditions.find({ where: { revisionId: In(revisionIds), profile, status: 'done' }, order: { updatedAt: 'DESC' } });
    const out = new Map<string, RenditionEntity>();
    for (const r of rows) if (!out.has(r.revisionId)) out.set(r.revisionId, r);
    return out;
  }

  listForRevision(revisionId: string): Promise<RenditionEntity[]> {
    return this.renditions.find({ where: { revisionId }, order: { createdAt: 'DESC' } });
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue;
    await Promise.all(this.engines.map((e) => e.close?.()));
  }

  private async renderSpeaker(revisionId: string): Promise<RenditionEntity> {
    const revision = await this.revisions.findOneByOrFail({ id: revisionId });
    const profile = getProfile('speaker')!;
    const input: SpeakerRenderInput = {
      kind: 'notice',
      title: revision.title,
      body: revision.body,
      voiceId: revision.voice,
      rate: revision.rate,
      profile: {
        sampleRate: profile.audio.sampleRate,
        bitrateKbps: profile.audio.bitrateKbps,
        loudnessLufs: profile.audio.loudnessLufs,
        truePeakDb: profile.audio.truePeakDb,
      },
    };
    const renderKey = renderKeyForSpeaker(input);
    const own = await this.renditions.findOneBy({ renderKey, revisionId });
    if (own?.status === 'done') {
      this.emitReady(own);
      return own;
    }
    const shared = await this.renditions.findOneBy({ renderKey, status: 'done' });
    if (shared) {
      // Same inputs under another revision (an unchanged text re-approved): share the file, no ffmpeg run.
      const copy = this.renditions.create({ ...shared, id: own?.id ?? randomUUID(), revisionId, createdAt: undefined, updatedAt: undefined });
      return this.saveDone(copy);
    }
    const row = own ?? this.renditions.create({ id: randomUUID(), revisionId, profile: profile.id, renderKey, status: 'rendering' });
    row.status = 'rendering';
    row.error = null;
    await this.renditions.save(row);
    const started = Date.now();
    try {
      const out = await this.speaker.render(input);
      Object.assign(row, {
        status: 'done',
        sha256: out.sha256,
        size: out.size,
        durationMs: out.durationMs,
        mime: out.mime,
        ext: out.ext,
        voiceId: out.voiceId,
        sentences: out.sentences,
      });
      this.logger.log(`已渲染《${revision.title}》喇叭版：${(out.durationMs / 1000).toFixed(1)} 秒，用时 ${Date.now() - started} 毫秒，sha256 ${out.sha256.slice(0, 12)}…`);
      return this.saveDone(row);
    } catch (err) {
      row.status = 'failed';
      row.error = (err as Error).message.slice(0, 1000);
      await this.renditions.save(row);
      throw err;
    }
  }

  private async saveDone(row: RenditionEntity): Promise<RenditionEntity> {
    const saved = await this.renditions.save(row);
    this.emitReady(saved);
    return saved;
  }

  private emitReady(r: RenditionEntity): void {
    const e: RenditionReadyEvent = { revisionId: r.revisionId, profile: r.profile, sha256: r.sha256! };
    this.events.emit(DomainEvent.RenditionReady, e);
  }
}
