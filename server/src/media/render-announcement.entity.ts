import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A finished render the leader has not announced yet (an outbox): written in the same transaction that marks the
 * job done, in whichever process rendered it (a render worker, a standby API); the leader deletes it with a
 * conditional DELETE and announces it (playlists recompiled) — exactly once across processes.
 */
@Entity('render_announcements')
export class RenderAnnouncementEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  jobId!: string;

  @Column({ type: 'varchar', length: 36 })
  revisionId!: string;

  @Column({ type: 'varchar', length: 32 })
  profile!: string;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @CreateDateColumn()
  createdAt!: Date;
}
