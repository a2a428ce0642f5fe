import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type PlaylistRequestKind = 'recompile' | 'withdraw';

/**
 * Playlist work a standby API process received from an operator (an approval's re-render done elsewhere, a schedule
 * saved or stopped, a content withdrawn, a device changed, disabled or deleted) and hands to the leader, which alone
 * compiles and publishes: the leader's short poll takes the rows in id order. Both operations are idempotent (an
 * unchanged playlist is not republished, a cleared retained message stays cleared), so a leader that dies between
 * doing one and deleting its row only makes its successor repeat harmless work.
 */
@Entity('playlist_requests')
export class PlaylistRequestEntity {
  /** Increasing: the order in which the standby received the requests (a withdraw before a later recompile). */
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: PlaylistRequestKind;

  /** The devices concerned; null: every active device. */
  @Column({ type: 'simple-json', nullable: true })
  deviceIds!: string[] | null;

  @CreateDateColumn()
  createdAt!: Date;
}
