import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Content reach, pre-aggregated per closed period of one content: the plan rows of a (content, day or month,
 * device, region at the time) summed by what decides a not-aired reason. Built with the day's coverage rollup (and
 * a month's from its days' rows once all of them are current), invalidated like it by late logs; content reach
 * reads these few rows for a quarter instead of every plan row. `period` is 'YYYY-MM-DD' for a day, 'YYYY-MM' for
 * a month; '' stands for "none" in skipReason/outcome/reason (primary key columns cannot be null).
 */
@Entity('report_reach_plans')
export class ReachPlanRollupEntity {
  /** First in the key: a day's rows are replaced, and a month summed from its days, as one key range. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  period!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  contentId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  deviceId!: string;

  @PrimaryColumn({ type: 'varchar', length: 12 })
  regionCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  skipReason!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  outcome!: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  reason!: string;

  @Column({ type: 'integer' })
  slots!: number;

  @Column({ type: Date })
  firstAt!: Date;
}

/** Completed plays of one content per (day or month, device, region at the time): the "aired" side of content reach. */
@Entity('report_reach_airings')
export class ReachAiringRollupEntity {
  /** First in the key: a day's rows are replaced, and a month summed from its days, as one key range. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  period!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  contentId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  deviceId!: string;

  @PrimaryColumn({ type: 'varchar', length: 12 })
  regionCode!: string;

  @Column({ type: 'integer' })
  plays!: number;

  @Column({ type: Date })
  firstAt!: Date;

  @Column({ type: Date })
  lastAt!: Date;
}
