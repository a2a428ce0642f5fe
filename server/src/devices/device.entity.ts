import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DeviceStatePayload, QuietHours } from '@sunshine/playlists';
import type { DeviceMessageProblem } from './device-message-problem';

export type DeviceKind = 'speaker' | 'tv' | 'led';

@Entity('devices')
export class DeviceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: DeviceKind;

  @Column({ type: 'varchar', length: 32 })
  profile!: string;

  @Index()
  @Column({ type: 'varchar', length: 12 })
  regionCode!: string;

  @Column({ type: 'simple-json' })
  tags!: string[];

  /** Local "HH:MM" ranges when only emergencies may play; null = the kind's default (speakers 22:00–06:00), [] = none. */
  @Column({ type: 'simple-json', nullable: true })
  quietHours!: QuietHours[] | null;

  /** Local "HH:MM" ranges when the loop set plays; null = the kind's default (screens 08:30–17:30, speakers never). */
  @Column({ type: 'simple-json', nullable: true })
  openingHours!: QuietHours[] | null;

  /** Volume (0–100) the device is set to when configured; null = leave the device's own setting. */
  @Column({ type: 'int', nullable: true })
  defaultVolume!: number | null;

  /** sha256 of the device token: tokens are 256-bit random, so a fast hash suffices and keeps 1,000 reconnects cheap. */
  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'boolean', default: false })
  online!: boolean;

  @Column({ type: Date, nullable: true })
  lastSeenAt!: Date | null;

  @Column({ type: 'simple-json', nullable: true })
  state!: DeviceStatePayload | null;

  /** The last time the server dropped this device's MQTT messages, and why (flood, oversized, malformed …). */
  @Column({ type: 'simple-json', nullable: true })
  messageProblem!: DeviceMessageProblem | null;

  @CreateDateColumn()
  createdAt!: Date;
}
