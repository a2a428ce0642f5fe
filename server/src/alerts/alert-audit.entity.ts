import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type AlertAuditAction = 'sent' | 'held' | 'exercise-stored' | 'confirmed' | 'cancelled' | 'discarded' | 'expired';
export type AlertAuditSource = 'console' | 'api' | 'cap' | 'system';

/** Who sent, confirmed or cancelled which alert, when, to where and through which channel. Append-only. */
@Entity('alert_audit')
export class AlertAuditEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  alertId!: string;

  @Column({ type: 'varchar', length: 24 })
  action!: AlertAuditAction;

  @Column({ type: 'varchar', length: 16 })
  source!: AlertAuditSource;

  @Column({ type: 'varchar', length: 36, nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  actorName!: string | null;

  /** The CAP <sender> when the action came in a CAP message. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  capSender!: string | null;

  @Column({ type: 'simple-json' })
  regionCodes!: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  detail!: string | null;

  @Column({ type: Date })
  at!: Date;
}
