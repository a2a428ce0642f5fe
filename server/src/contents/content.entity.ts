import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** 通知公告 (a notice) or 政策解读 (a policy interpretation in question-and-answer form). */
export type ContentKind = 'notice' | 'interpretation';
export type ContentStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'withdrawn';

/** A notice; its text lives in immutable revisions. */
@Entity('contents')
export class ContentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ContentKind;

  @Column({ type: 'varchar', length: 16 })
  status!: ContentStatus;

  /** The newest revision (what an editor sees). */
  @Column({ type: 'varchar', length: 36 })
  latestRevisionId!: string;

  /** The revision that may air; null until one is approved. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  approvedRevisionId!: string | null;

  @Column({ type: 'varchar', length: 36 })
  createdBy!: string;

  @CreateDateColumn()
  createdAt!: Date;

  @UpdateDateColumn()
  updatedAt!: Date;
}
