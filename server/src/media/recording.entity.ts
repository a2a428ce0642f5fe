import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** An uploaded human recording (e.g. a Yi-language reading of a notice), kept as uploaded, by its sha256. */
@Entity('recordings')
export class RecordingEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'varchar', length: 8 })
  ext!: string;

  @Column({ type: 'varchar', length: 16 })
  format!: string;

  @Column({ type: 'varchar', length: 32 })
  codec!: string;

  @Column({ type: 'integer' })
  durationMs!: number;

  @Column({ type: 'integer' })
  size!: number;

  /** BCP 47 tag of the spoken language, e.g. zh-CN, ii (彝语), zh-sichuan. */
  @Column({ type: 'varchar', length: 16 })
  language!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;

  @Column({ type: 'varchar', length: 36 })
  uploadedBy!: string;

  @CreateDateColumn()
  createdAt!: Date;
}
