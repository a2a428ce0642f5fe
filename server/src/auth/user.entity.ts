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

  @CreateDateColumn()
  createdAt!: Date;
}
