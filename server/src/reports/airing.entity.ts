import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every play log once, with what a report groups by as it was when the device aired it: the region (of the slot's
 * plan row, else the device's region on arrival), the content's category and department. Airtime (loops
 * included) and content reach read this table. Keyed like the play logs, by (play-log id, device): a redelivered
 * log counts once, and two devices that chose the same id each count.
 */
@Entity('report_airings')
@Index(['regionCode', 'startedAt'])
// A day's rollup reads one day of every region.
@Index(['startedAt'])
// Content reach: covering, in its GROUP BY order.
@Index(['contentId', 'outcome', 'deviceId', 'regionCode', 'startedAt'])
export class AiringEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  deviceId!: string;

  @Column({ type: 'varchar', length: 12 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 36 })
  contentId!: string;

  /** notice / interpretation / alert; 'unknown' for a content no longer known. */
  @Column({ type: 'varchar', length: 16 })
  category!: string;

  @Column({ type: 'varchar', length: 100 })
  department!: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  slotId!: string | null;

  @Column({ type: Date })
  startedAt!: Date;

  @Column({ type: 'integer' })
  playedMs!: number;

  @Column({ type: 'varchar', length: 16 })
  outcome!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reason!: string | null;
}
