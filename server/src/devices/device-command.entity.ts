import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type CommandResult = 'pending' | 'ok' | 'failed';

/** A signed command sent to a device and the result the device reported. */
@Entity('device_commands')
@Index(['deviceId', 'sentAt'])
export class DeviceCommandEntity {
  /** The commandId inside the signed envelope; the agent echoes it in its result. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  deviceId!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: string;

  @Column({ type: 'simple-json' })
  command!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 36 })
  sentBy!: string;

  @Column({ type: Date })
  sentAt!: Date;

  @Column({ type: 'varchar', length: 8 })
  result!: CommandResult;

  @Column({ type: 'varchar', length: 300, nullable: true })
  message!: string | null;

  @Column({ type: Date, nullable: true })
  resultAt!: Date | null;
}
