import type { AlertLevel, AlertMedia } from '@sunshine/playlists';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * pending-confirmation: a CAP alert whose level waits for a duty officer; exercise: a CAP Exercise/Test, stored,
 * never aired; active: aired and not yet over; cancelled / expired: over (the retained copies are cleared).
 */
export type AlertStatus = 'pending-confirmation' | 'active' | 'cancelled' | 'expired' | 'exercise';
export type AlertSource = 'console' | 'api' | 'cap';

/** An emergency broadcast (应急广播). */
@Entity('alerts')
// One alert per CAP message (sender + identifier, as CAP defines it): two deliveries of the same message at once
// cannot both air. Non-CAP alerts have nulls here, which a unique index does not compare.
@Index(['capSender', 'capIdentifier'], { unique: true })
export class AlertEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index()
  @Column({ type: 'varchar', length: 24 })
  status!: AlertStatus;

  @Column({ type: 'integer' })
  level!: AlertLevel;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'varchar', length: 64 })
  voice!: string;

  @Column({ type: 'integer' })
  repeat!: number;

  /** Target regions as given (each includes its descendants); one MQTT topic each. */
  @Column({ type: 'simple-json' })
  regionCodes!: string[];

  /** Devices in the target regions when it aired; 0 until then. */
  @Column({ type: 'integer', default: 0 })
  targetedCount!: number;

  /** Tone and speech, rendered when the alert is accepted; null for exercises (never aired). */
  @Column({ type: 'simple-json', nullable: true })
  media!: AlertMedia | null;

  @Column({ type: 'varchar', length: 16 })
  source!: AlertSource;

  @Column({ type: 'varchar', length: 36, nullable: true })
  createdBy!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  capSender!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  capIdentifier!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  capSent!: string | null;

  /** Alerts this one replaces (CAP Update): cancelled when this one airs. */
  @Column({ type: 'simple-json' })
  supersedes!: string[];

  /** When the API accepted it (ms precision: the publish latency is measured from here). */
  @Column({ type: Date })
  createdAt!: Date;

  @Column({ type: Date })
  expiresAt!: Date;

  @Column({ type: Date, nullable: true })
  publishedAt!: Date | null;

  /** API accept → last region topic published, in ms. */
  @Column({ type: 'integer', nullable: true })
  publishLatencyMs!: number | null;

  /** When it was cancelled or expired. */
  @Column({ type: Date, nullable: true })
  endedAt!: Date | null;
}
