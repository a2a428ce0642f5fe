import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PlayOutcome } from '@sunshine/playlists';
import { PlayLogEntity } from '../../playlogs/play-log.entity';

/**
 * play_logs as the last release before migrations made it: keyed by the agent's id alone (issue #12 made it
 * (device, id) in PlayLogDeviceKey). Frozen here so that the "previous release" fixture stays that release's
 * schema while the real entity moves on.
 */
@Entity('play_logs')
@Index(['deviceId', 'startedAt'])
export class PreMigrationPlayLogEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
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

/** Entities a later migration changed, mapped to their shape before migrations (add each with its migration). */
const CHANGED_BY_LATER_MIGRATIONS = new Map<Function, Function>([[PlayLogEntity, PreMigrationPlayLogEntity]]);

/** The entity as the release before migrations had it: its frozen copy, or itself when no migration changed it. */
export function entityBeforeMigrations<T extends Function>(entity: T): T {
  return (CHANGED_BY_LATER_MIGRATIONS.get(entity) as T | undefined) ?? entity;
}
