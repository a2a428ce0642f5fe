import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Stable action names: tools filter on them. */
export const AUDIT_ACTIONS = [
  'login.success',
  'login.failure',
  'login.locked',
  'password.change',
  'setup.completed',
  'user.create',
  'user.update',
  'user.roles',
  'user.scope',
  'user.disable',
  'user.enable',
  'user.reset-password',
  'user.unlock',
  'device.register',
  'device.update',
  'device.disable',
  'device.enable',
  'device.rotate-token',
  'device.delete',
  'device.bulk-register',
  'device.command',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did what, when and from where. Rows are only ever added. */
@Entity('audit_log')
@Index(['at'])
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: Date })
  at!: Date;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  action!: AuditAction;

  /** Null for an unknown user name at login, or the first-run set-up. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  actorId!: string | null;

  /** The user name as typed or as known at the time (kept even if the user is renamed or removed). */
  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  actorName!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  /** "user", "device", … */
  @Column({ type: 'varchar', length: 16, nullable: true })
  targetType!: string | null;

  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  targetId!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  details!: Record<string, unknown> | null;
}
