import { Column, Entity, PrimaryColumn } from 'typeorm';

/** When a device started playing an alert (its first 'playing' answer, on the device's clock): 发布时效. */
@Entity('report_alert_playbacks')
export class AlertPlaybackEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  alertId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  deviceId!: string;

  @Column({ type: Date })
  startedAt!: Date;
}
