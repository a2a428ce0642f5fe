import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PlayPriority } from '@sunshine/playlists';

export interface ScheduleTargetsData {
  deviceIds?: string[];
  regionCodes?: string[];
  kinds?: string[];
  tags?: string[];
  /** Set for a town account's schedules: only devices inside these regions are reached (see ScheduleTargets). */
  within?: string[];
}

export type ScheduleSlotsData =
  | { mode: 'now'; at: string }
  | { mode: 'times'; times: string[] }
  /** RFC 5545 recurrence in local time; expanded at compile time into one-off local slot times. */
  | { mode: 'rrule'; rrule: string; dtstart: string; exdates?: string[] }
  /** Loop membership: plays on screens within their opening hours. */
  | { mode: 'loop' };

@Entity('schedules')
export class ScheduleEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  contentId!: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  revisionId!: string;

  @Column({ type: 'simple-json' })
  targets!: ScheduleTargetsData;

  @Column({ type: 'simple-json' })
  slots!: ScheduleSlotsData;

  @Column({ type: Date, nullable: true })
  windowFrom!: Date | null;

  @Column({ type: Date, nullable: true })
  windowUntil!: Date | null;

  @Column({ type: 'varchar', length: 16 })
  priority!: PlayPriority;

  @Column({ type: 'integer', default: 1 })
  repeat!: number;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'varchar', length: 36 })
  createdBy!: string;

  @CreateDateColumn()
  createdAt!: Date;
}
