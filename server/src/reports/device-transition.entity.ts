import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 'moved': the device changed region (its online state unchanged), so its time after counts in the new region. */
export type TransitionCause = 'online' | 'offline' | 'last-will' | 'heartbeat-timeout' | 'moved';

/** A device going online or offline: availability is computed from these, never from the current flag. */
@Entity('device_transitions')
@Index(['deviceId', 'at'])
@Index(['regionCode', 'at'])
export class DeviceTransitionEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  deviceId!: string;

  /** The device's region at the time. */
  @Column({ type: 'varchar', length: 12 })
  regionCode!: string;

  @Column({ type: 'boolean' })
  online!: boolean;

  @Column({ type: 'varchar', length: 20 })
  cause!: TransitionCause;

  @Column({ type: Date })
  at!: Date;
}
