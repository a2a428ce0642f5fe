import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PlayOutcome } from '@sunshine/playlists';

/**
 * A play proven by a device. The key is (device, the agent's id): a redelivered batch stores nothing twice, and
 * two devices that happen to choose the same id (agents number their journals on their own) are two play logs.
 */
@Entity('play_logs')
@Index(['deviceId', 'startedAt'])
export class PlayLogEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  deviceId!: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  slotId!: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  scheduleId!: string | null;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  contentId!: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  revisionId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: Date })
  startedAt!: Date;

  @Column({ type: Date })
  endedAt!: Date;

  @Column({ type: 'integer' })
  playedMs!: number;

  @Column({ type: 'varchar', length: 16 })
  outcome!: PlayOutcome;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reason!: string | null;

  @Column({ type: Date })
  receivedAt!: Date;
}
