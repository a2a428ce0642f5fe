import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type ReviewState = 'draft' | 'submitted' | 'approved' | 'rejected' | 'superseded' | 'withdrawn';

/**
 * Language versions played back to back on loudspeakers (汉彝双语): the text read by the revision's voice in
 * `speechLanguage`, and uploaded recordings, in `order`. The recordings are copied in (hash, language) so the
 * revision stays immutable and its render key can be computed without a lookup.
 */
export interface RevisionVariants {
  speechLanguage: string;
  recordings: Array<{ id: string; language: string; sha256: string; ext: string; durationMs: number }>;
  /** Languages in playback order. */
  order: string[];
}

/** Immutable once written: an edit creates a new revision. Only review fields change. */
@Entity('content_revisions')
@Index(['contentId', 'number'], { unique: true })
export class RevisionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  contentId!: string;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 64 })
  voice!: string;

  @Column({ type: 'real', default: 1 })
  rate!: number;

  @Column({ type: 'varchar', length: 100 })
  department!: string;

  @Column({ type: Date, nullable: true })
  validFrom!: Date | null;

  @Column({ type: Date, nullable: true })
  validUntil!: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  sourceUrl!: string | null;

  /** 政策解读: the question-and-answer pairs (body then holds their plain text, for search and review). */
  @Column({ type: 'simple-json', nullable: true })
  qa!: Array<{ q: string; a: string }> | null;

  /** 解读人: who answers for the interpretation. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  interpreter!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  questionVoice!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  answerVoice!: string | null;

  /** When its online voice cannot be reached, the offline voice may read it instead of the render waiting. */
  @Column({ type: 'boolean', default: true })
  allowVoiceFallback!: boolean;

  @Column({ type: 'simple-json', nullable: true })
  variants!: RevisionVariants | null;

  @Column({ type: 'varchar', length: 36 })
  authorId!: string;

  @Column({ type: 'varchar', length: 16 })
  reviewState!: ReviewState;

  @Column({ type: 'varchar', length: 36, nullable: true })
  reviewerId!: string | null;

  @Column({ type: Date, nullable: true })
  reviewedAt!: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reviewComment!: string | null;

  @CreateDateColumn()
  createdAt!: Date;
}
