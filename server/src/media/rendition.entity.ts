import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type RenditionStatus = 'pending' | 'rendering' | 'done' | 'failed';

/** One revision rendered for one device profile. `renderKey` hashes every input that shapes the output. */
@Entity('renditions')
@Index(['revisionId', 'profile'])
@Index(['revisionId', 'renderKey'], { unique: true })
export class RenditionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  revisionId!: string;

  @Column({ type: 'varchar', length: 32 })
  profile!: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  renderKey!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: RenditionStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256!: string | null;

  @Column({ type: 'integer', nullable: true })
  size!: number | null;

  @Column({ type: 'integer', nullable: true })
  durationMs!: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  mime!: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  ext!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  voiceId!: string | null;

  /** The voice(s) that actually spoke; differs from voiceId when the offline voice stood in. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  voiceUsed!: string | null;

  /** True when an unreachable online voice was replaced by the offline one (never shared as a cache hit). */
  @Column({ type: 'boolean', default: false })
  fallback!: boolean;

  @Column({ type: 'simple-json', nullable: true })
  sentences!: Array<{ text: string; startMs: number; endMs: number }> | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  @CreateDateColumn()
  createdAt!: Date;

  @UpdateDateColumn()
  updatedAt!: Date;
}
