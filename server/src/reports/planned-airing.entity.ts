import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Why a targeted slot is not meant to air (it is still recorded: content reach explains it): the compiler dropped it
 * (quiet hours, missing media, overlap), or its content was withdrawn before it came.
 */
export type SkipReason = 'quiet-hours' | 'missing-media' | 'overlap' | 'withdrawn';
export type AiringOutcome = 'completed' | 'interrupted' | 'failed';

/**
 * The plan of record: one row per device and timed slot it was meant to air, written when its playlist was
 * published. "Planned" is then a fact, not a recomputation that changes when a schedule is later edited. The play
 * log proving the slot (best outcome) is folded in on arrival, so a report reads one table.
 */
@Entity('planned_airings')
@Index(['regionCode', 'startAt'])
@Index(['contentId', 'startAt'])
@Index(['startAt'])
export class PlannedAiringEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  deviceId!: string;

  /** `${scheduleId}:${startAt}` as in the playlist, stable across recompiles. */
  @PrimaryColumn({ type: 'varchar', length: 120 })
  slotId!: string;

  @Column({ type: 'varchar', length: 36 })
  scheduleId!: string;

  @Column({ type: 'varchar', length: 36 })
  contentId!: string;

  @Column({ type: 'varchar', length: 36 })
  revisionId!: string;

  @Column({ type: Date })
  startAt!: Date;

  /** The device's village when the slot was planned: a device moved later still counts here for this slot. */
  @Column({ type: 'varchar', length: 12 })
  regionCode!: string;

  /** Content kind (notice / interpretation). */
  @Column({ type: 'varchar', length: 16 })
  category!: string;

  @Column({ type: 'varchar', length: 100 })
  department!: string;

  /** Set when the compiler dropped the slot: targeted, but never meant to air. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  skipReason!: SkipReason | null;

  @Column({ type: Date })
  plannedAt!: Date;

  /** Best outcome reported for the slot; null: no play log yet. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome!: AiringOutcome | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reason!: string | null;

  @Column({ type: 'integer', default: 0 })
  playedMs!: number;

  @Column({ type: Date, nullable: true })
  airedAt!: Date | null;
}
