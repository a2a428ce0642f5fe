import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Closed days summed per (day, region at the time, device): what the unfiltered coverage report reads for a
 * quarter instead of millions of plan rows. Rebuilt from planned_airings and report_airings for a day that has
 * ended, again whenever a late play log for it arrives (report_dirty_days); never written for today.
 */
@Entity('report_day_rollups')
@Index(['regionCode', 'day'])
export class DayRollupEntity {
  /** Local (Asia/Shanghai) date, YYYY-MM-DD. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day!: string;

  @PrimaryColumn({ type: 'varchar', length: 12 })
  regionCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  deviceId!: string;

  @Column({ type: 'integer' })
  planned!: number;

  @Column({ type: 'integer' })
  completed!: number;

  @Column({ type: 'integer' })
  interrupted!: number;

  @Column({ type: 'integer' })
  failed!: number;

  @Column({ type: 'integer' })
  notReported!: number;

  @Column({ type: 'bigint' })
  airtimeMs!: string;

  /** Failures by reason, {"media-missing": 2}; {} when none. */
  @Column({ type: 'simple-json' })
  failedByReason!: Record<string, number>;
}

/** A closed day whose rollup is current. A day absent here is rebuilt before a report reads it. */
@Entity('report_rolled_days')
export class RolledDayEntity {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day!: string;
}
