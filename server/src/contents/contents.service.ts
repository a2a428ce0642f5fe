import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { DomainEvent, RevisionApprovedEvent } from '../common/domain-events';
import { RecordingsService } from '../media/recordings.service';
import { VoiceCatalogue } from '../media/voice-catalogue';
import { ContentEntity, ContentKind, ContentStatus } from './content.entity';
import { ContentFieldsDto, CreateContentDto, ListContentsQuery, MAX_BODY_CHARS, RevisionSummaryView } from './content.dto';
import { containsPattern, likeIgnoringCase, Page, pageWindow } from '../common/pagination';
import { UserEntity } from '../auth/user.entity';
import { decideReview, ReviewAction } from './review-policy';
import { resolveVariants } from './revision-variants';
import { RevisionEntity, RevisionVariants } from './revision.entity';

export interface ContentView {
  id: string;
  kind: string;
  status: ContentStatus;
  latestRevisionId: string;
  approvedRevisionId: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  latest: RevisionEntity;
  revisions?: RevisionEntity[];
}

const DEFAULT_VOICE = 'espeak:cmn';

@Injectable()
export class ContentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly voices: VoiceCatalogue,
    private readonly recordings: RecordingsService,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateContentDto, author: AuthUser): Promise<ContentView> {
    this.checkFields(dto, dto.kind ?? 'notice');
    const variants = await this.variantsOf(dto);
    return this.db.transaction(async (tx) => {
      const content = tx.create(ContentEntity, {
        id: randomUUID(),
        kind: dto.kind ?? 'notice',
        status: 'draft',
        latestRevisionId: '',
        approvedRevisionId: null,
        createdBy: author.id,
      });
      const revision = this.newRevision(tx, content.id, 1, dto, author, variants);
      content.latestRevisionId = revision.id;
      await tx.save(content);
      await tx.save(revision);
      return view(content, revision);
    });
  }

  /** An edit never changes a revision: it writes the next one, as a draft. What is approved keeps airing. */
  async revise(contentId: string, dto: ContentFieldsDto, author: AuthUser): Promise<ContentView> {
    const variants = await this.variantsOf(dto);
    return this.db.transaction(async (tx) => {
      const content = await this.loadContent(tx, contentId);
      this.checkFields(dto, content.kind);
      if (content.status === 'withdrawn') throw AppError.conflict(ErrorCode.InvalidTransition, '内容已撤回，不能再修改');
      const latest = await this.loadRevision(tx, content.latestRevisionId);
      const revision = this.newRevision(tx, content.id, latest.number + 1, dto, author, variants);
      if (latest.reviewState === 'draft' || latest.reviewState === 'submitted') latest.reviewState = 'superseded';
      content.latestRevisionId = revision.id;
      content.status = 'draft';
      await tx.save(latest);
      await tx.save(revision);
      await tx.save(content);
      return view(content, revision);
    });
  }

  submit(contentId: string, actor: AuthUser): Promise<ContentView> {
    return this.review(contentId, 'submit', actor);
  }

  async approve(contentId: string, actor: AuthUser, comment?: string): Promise<ContentView> {
    const result = await this.review(contentId, 'approve', actor, comment);
    const event: RevisionApprovedEvent = { contentId, revisionId: result.latest.id };
    this.events.emit(DomainEvent.RevisionApproved, event);
    return result;
  }

  reject(contentId: string, actor: AuthUser, comment?: string): Promise<ContentView> {
    return this.review(contentId, 'reject', actor, comment);
  }

  async withdraw(contentId: string): Promise<ContentView> {
    const result = await this.db.transaction(async (tx) => {
      const content = await this.loadContent(tx, contentId);
      if (content.status === 'withdrawn') throw AppError.conflict(ErrorCode.InvalidTransition, '内容已经撤回');
      content.status = 'withdrawn';
      await tx.save(content);
      return view(content, await this.loadRevision(tx, content.latestRevisionId));
    });
    this.events.emit(DomainEvent.SchedulesChanged, { contentIds: [contentId], scheduleIds: [] });
    return result;
  }

  async get(contentId: string, withRevisions = false): Promise<ContentView> {
    const content = await this.loadContent(this.db.manager, contentId);
    const revisions = withRevisions
      ? await this.db.manager.find(RevisionEntity, { where: { contentId }, order: { number: 'DESC' } })
      : undefined;
    const latest = revisions?.find((r) => r.id === content.latestRevisionId) ?? (await this.loadRevision(this.db.manager, content.latestRevisionId));
    return { ...view(content, latest), ...(revisions ? { revisions } : {}) };
  }

  async list(): Promise<ContentView[]> {
    const contents = await this.db.manager.find(ContentEntity, { order: { updatedAt: 'DESC' } });
    const revisions = await this.db.manager.findByIds(RevisionEntity, contents.map((c) => c.latestRevisionId));
    const byId = new Map(revisions.map((r) => [r.id, r]));
    return contents.map((c) => view(c, byId.get(c.latestRevisionId)!));
  }

  /** Newest first, filtered in SQL on the content and its latest revision. */
  async search(q: ListContentsQuery): Promise<Page<ContentView>> {
    const qb = this.db.manager
      .createQueryBuilder(ContentEntity, 'c')
      .innerJoin(RevisionEntity, 'r', 'r.id = c.latestRevisionId')
      .orderBy('c.updatedAt', 'DESC')
      .addOrderBy('c.id', 'ASC');
    if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.authorId) qb.andWhere('c.createdBy = :authorId', { authorId: q.authorId });
    if (q.department) qb.andWhere('r.department = :department', { department: q.department });
    if (q.q) qb.andWhere(`(${likeIgnoringCase('r.title', 'q')} OR ${likeIgnoringCase('r.body', 'q')})`, { q: containsPattern(q.q) });
    const w = pageWindow(q);
    const [contents, total] = await qb.skip(w.skip).take(w.take).getManyAndCount();
    const revisions = contents.length > 0 ? await this.db.manager.findBy(RevisionEntity, { id: In(contents.map((c) => c.latestRevisionId)) }) : [];
    const byId = new Map(revisions.map((r) => [r.id, r]));
    return { items: contents.map((c) => view(c, byId.get(c.latestRevisionId)!)), total, page: w.page, pageSize: w.pageSize };
  }

  /** Every revision of a content, newest first, with its author's name and review state. */
  async revisions(contentId: string): Promise<RevisionSummaryView[]> {
    await this.loadContent(this.db.manager, contentId);
    const revisions = await this.db.manager.find(RevisionEntity, { where: { contentId }, order: { number: 'DESC' } });
    const authorIds = [...new Set(revisions.map((r) => r.authorId))];
    const users = authorIds.length > 0 ? await this.db.manager.find(UserEntity, { where: { id: In(authorIds) }, select: { id: true, username: true } }) : [];
    const names = new Map(users.map((u) => [u.id, u.username]));
    return revisions.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      department: r.department,
      authorId: r.authorId,
      authorName: names.get(r.authorId) ?? null,
      status: r.reviewState,
      reviewerId: r.reviewerId,
      reviewedAt: r.reviewedAt,
      reviewComment: r.reviewComment,
      createdAt: r.createdAt,
    }));
  }

  /** Status and airing title (approved revision's, else latest's) of many contents, by id. */
  async summaries(ids: string[]): Promise<Map<string, { title: string; status: ContentEntity['status']; approvedRevisionId: string | null }>> {
    const out = new Map<string, { title: string; status: ContentEntity['status']; approvedRevisionId: string | null }>();
    if (ids.length === 0) return out;
    const contents = await this.db.manager.findBy(ContentEntity, { id: In(ids) });
    const revisionIds = contents.map((c) => c.approvedRevisionId ?? c.latestRevisionId);
    const titles = new Map((await this.db.manager.find(RevisionEntity, { where: { id: In(revisionIds) }, select: { id: true, title: true } })).map((r) => [r.id, r.title]));
    for (const c of contents) {
      out.set(c.id, { title: titles.get(c.approvedRevisionId ?? c.latestRevisionId) ?? '', status: c.status, approvedRevisionId: c.approvedRevisionId });
    }
    return out;
  }

  /** The approved revision of a content that may air, or a 409 naming why not. */
  async approvedRevision(contentId: string): Promise<{ content: ContentEntity; revision: RevisionEntity }> {
    const content = await this.loadContent(this.db.manager, contentId);
    if (content.status === 'withdrawn') throw AppError.conflict(ErrorCode.NotApproved, '内容已撤回，不能排期');
    if (!content.approvedRevisionId) throw AppError.conflict(ErrorCode.NotApproved, '内容尚未审核通过，不能排期');
    return { content, revision: await this.loadRevision(this.db.manager, content.approvedRevisionId) };
  }

  getRevision(revisionId: string): Promise<RevisionEntity> {
    return this.loadRevision(this.db.manager, revisionId);
  }

  private async review(contentId: string, action: ReviewAction, actor: AuthUser, comment?: string): Promise<ContentView> {
    return this.db.transaction(async (tx) => {
      const content = await this.loadContent(tx, contentId);
      if (content.status === 'withdrawn') throw AppError.conflict(ErrorCode.InvalidTransition, '内容已撤回，不能再审核');
      const revision = await this.loadRevision(tx, content.latestRevisionId);
      const decision = decideReview(action, revision, actor);
      if (!decision.ok) {
        throw decision.reason === 'state'
          ? AppError.conflict(ErrorCode.InvalidTransition, decision.message)
          : AppError.forbidden(decision.message, decision.reason === 'self-approval' ? ErrorCode.SelfApproval : ErrorCode.Forbidden);
      }
      revision.reviewState = decision.next;
      if (action !== 'submit') {
        revision.reviewerId = actor.id;
        revision.reviewedAt = this.clock.now();
        revision.reviewComment = comment ?? null;
      }
      if (action === 'approve') {
        if (content.approvedRevisionId && content.approvedRevisionId !== revision.id) {
          await tx.update(RevisionEntity, { id: content.approvedRevisionId }, { reviewState: 'superseded' });
        }
        content.approvedRevisionId = revision.id;
      }
      content.status = decision.next === 'approved' ? 'approved' : decision.next === 'rejected' ? 'rejected' : 'submitted';
      await tx.save(revision);
      await tx.save(content);
      return view(content, revision);
    });
  }

  private checkFields(dto: ContentFieldsDto, kind: ContentKind): void {
    for (const voice of [dto.voice ?? DEFAULT_VOICE, dto.questionVoice, dto.answerVoice]) {
      if (voice && !this.voices.has(voice)) {
        throw AppError.badRequest(ErrorCode.UnknownVoice, `语音 ${voice} 不存在，可用语音见 GET /api/voices`);
      }
    }
    if (kind === 'interpretation') {
      if (!dto.qa?.length || !dto.interpreter) {
        throw AppError.badRequest(ErrorCode.ValidationFailed, '政策解读须包含问答（qa）和解读人（interpreter）');
      }
      if (qaText(dto.qa).length > MAX_BODY_CHARS) {
        throw AppError.badRequest(ErrorCode.ValidationFailed, `政策解读的问答合计不能超过 ${MAX_BODY_CHARS} 字`);
      }
    } else if (dto.qa || dto.interpreter) {
      throw AppError.badRequest(ErrorCode.ValidationFailed, '通知公告不能包含问答或解读人，请将内容类型设为政策解读（interpretation）');
    }
    if (dto.validFrom && dto.validUntil && Date.parse(dto.validFrom) >= Date.parse(dto.validUntil)) {
      throw AppError.badRequest(ErrorCode.ValidationFailed, '有效期的结束时间必须晚于开始时间');
    }
  }

  /**
   * The language versions a revision keeps, checked against the uploaded recordings (read before the write
   * transaction). The synthesised version is in the language of the voice that opens the content.
   */
  private async variantsOf(dto: ContentFieldsDto): Promise<RevisionVariants | null> {
    if (!dto.variants) return null;
    const voiceId = (dto.qa ? dto.questionVoice : undefined) ?? dto.voice ?? DEFAULT_VOICE;
    const speechLanguage = this.voices.find(voiceId)?.language;
    if (!speechLanguage) throw AppError.badRequest(ErrorCode.UnknownVoice, `语音 ${voiceId} 不存在，可用语音见 GET /api/voices`);
    return resolveVariants(dto.variants, speechLanguage, await this.recordings.findMany(dto.variants.recordings));
  }

  private newRevision(
    tx: EntityManager,
    contentId: string,
    number: number,
    dto: ContentFieldsDto,
    author: AuthUser,
    variants: RevisionVariants | null,
  ): RevisionEntity {
    return tx.create(RevisionEntity, {
      id: randomUUID(),
      contentId,
      number,
      title: dto.title,
      body: dto.qa ? qaText(dto.qa) : dto.body!,
      qa: dto.qa ? dto.qa.map((p) => ({ q: p.q, a: p.a })) : null,
      interpreter: dto.interpreter ?? null,
      questionVoice: dto.qa ? (dto.questionVoice ?? dto.voice ?? DEFAULT_VOICE) : null,
      answerVoice: dto.qa ? (dto.answerVoice ?? dto.voice ?? DEFAULT_VOICE) : null,
      department: dto.department,
      voice: dto.voice ?? DEFAULT_VOICE,
      rate: dto.rate ?? 1,
      validFrom: dto.validFrom ? new Date(dto.validFrom) : null,
      validUntil: dto.validUntil ? new Date(dto.validUntil) : null,
      sourceUrl: dto.sourceUrl ?? null,
      // Notices: airing on time matters more than the voice. Interpretations: their two voices would become one.
      allowVoiceFallback: dto.allowVoiceFallback ?? !dto.qa,
      variants,
      authorId: author.id,
      reviewState: 'draft',
      reviewerId: null,
      reviewedAt: null,
      reviewComment: null,
    });
  }

  private async loadContent(tx: EntityManager, id: string): Promise<ContentEntity> {
    const c = await tx.findOneBy(ContentEntity, { id });
    if (!c) throw AppError.notFound(ErrorCode.ContentNotFound, `内容 ${id} 不存在`);
    return c;
  }

  private async loadRevision(tx: EntityManager, id: string): Promise<RevisionEntity> {
    const r = await tx.findOneBy(RevisionEntity, { id });
    if (!r) throw AppError.notFound(ErrorCode.RevisionNotFound, `内容版本 ${id} 不存在`);
    return r;
  }
}

function view(c: ContentEntity, latest: RevisionEntity): ContentView {
  return {
    id: c.id,
    kind: c.kind,
    status: c.status,
    latestRevisionId: c.latestRevisionId,
    approvedRevisionId: c.approvedRevisionId,
    createdBy: c.createdBy,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    latest,
  };
}

/** The plain text of a Q&A, kept as the revision body for review, search and previews. */
export function qaText(qa: Array<{ q: string; a: string }>): string {
  return qa.map((p) => `问：${p.q}\n答：${p.a}`).join('\n');
}
