import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Envelope, PlaylistPayload } from '@sunshine/playlists';

/** The last playlist published to a device: what it holds, so an unchanged compile is not republished. */
@Entity('device_playlists')
export class DevicePlaylistEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  deviceId!: string;

  @Column({ type: 'varchar', length: 64 })
  version!: string;

  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'simple-json' })
  envelope!: Envelope<PlaylistPayload>;

  @Column({ type: 'simple-json' })
  conflicts!: unknown[];

  @Column({ type: Date })
  publishedAt!: Date;
}
