import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type Role = 'editor' | 'reviewer' | 'operator' | 'admin' | 'emergency';
export const ROLES: readonly Role[] = ['editor', 'reviewer', 'operator', 'admin', 'emergency'];

@Entity('users')
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username!: string;

  @Column({ type: 'varchar', length: 64 })
  displayName!: string;

  @Column({ type: 'varchar', length: 100 })
  passwordHash!: string;

  @Column({ type: 'simple-json' })
  roles!: Role[];

  /** Region the user may act on (with everything below it); null: the whole county. */
  @Column({ type: 'varchar', length: 12, nullable: true, default: null })
  scopeRegionCode!: string | null;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /** Carried in every token; bumped on disable or password change so older tokens stop working at once. */
  @Column({ type: 'integer', default: 0 })
  tokenVersion!: number;

  /** Set by an administrator's reset: the one-time password may only be used to choose a new one. */
  @Column({ type: 'boolean', default: false })
  mustChangePassword!: boolean;

  /** The password was printed by the demo seeder; production refuses to start while any such account remains. */
  @Column({ type: 'boolean', default: false })
  demoPassword!: boolean;

  @CreateDateColumn()
  createdAt!: Date;
}
