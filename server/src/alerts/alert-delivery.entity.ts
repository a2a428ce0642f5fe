import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DeliveryState } from './alert-deliveries';

/** One device's state for one alert: a row per targeted device is written when the alert airs ('waiting'). */
@Entity('alert_deliveries')
export class AlertDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  alertId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  deviceId!: string;

  /** The target region that covers the device (the most specific when several do). */
  @Index()
  @Column({ type: 'varchar', length: 12 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: DeliveryState;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reason!: string | null;

  /** False for a device that answered without being in the target set when the alert aired (registered later). */
  @Column({ type: 'boolean', default: true })
  targeted!: boolean;

  @Column({ type: Date, nullable: true })
  answeredAt!: Date | null;
}
