import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type RenderJobStatus = 'queued' | 'running' | 'done' | 'failed';

/**
 * A persistent render job. Workers claim a queued job with a conditional UPDATE and hold it under a lease they
 * renew while rendering; a job whose lease lapsed (its worker died) is queued again — so several server or
 * worker processes can share this table as their queue.
 */
@Entity('render_jobs')
@Index(['status', 'createdAt'])
// At most one pending job per revision and profile: concurrent enqueues (two approvals, an approval and a
// re-render request) cannot both insert one; the loser takes the winner's job.
@Index('UQ_render_jobs_pending', ['revisionId', 'profile'], { unique: true, where: `"status" IN ('queued', 'running')` })
export class RenderJobEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  revisionId!: string;

  @Column({ type: 'varchar', length: 32 })
  profile!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: RenderJobStatus;

  /** Render even when a rendition with the same key exists (operator-requested re-render). */
  @Column({ type: 'boolean', default: false })
  force!: boolean;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'integer', default: 0 })
  progress!: number;

  @Column({ type: 'varchar', length: 80, nullable: true })
  leaseOwner!: string | null;

  @Column({ type: Date, nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  renditionId!: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  /** Stable code of the last failure, e.g. TTS_UNAVAILABLE (the online voice could not be reached). */
  @Column({ type: 'varchar', length: 40, nullable: true })
  errorCode!: string | null;

  @Column({ type: 'boolean', default: false })
  retryable!: boolean;

  @CreateDateColumn()
  createdAt!: Date;

  @UpdateDateColumn()
  updatedAt!: Date;
}
