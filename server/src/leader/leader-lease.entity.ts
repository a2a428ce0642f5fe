import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * One row per singleton duty ("primary": compiles, publishes, periodic work). The holder renews `leaseUntil` every
 * few seconds; another process may take the row only once the lease has lapsed, with a conditional UPDATE — which
 * works the same on SQLite and PostgreSQL.
 */
@Entity('leader_leases')
export class LeaderLeaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  name!: string;

  @Column({ type: 'varchar', length: 120 })
  holder!: string;

  @Column({ type: Date })
  leaseUntil!: Date;

  @UpdateDateColumn()
  updatedAt!: Date;
}
