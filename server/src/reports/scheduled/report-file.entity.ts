import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ReportFormat } from '../export/report-export.service';
import type { ReportPeriodKind } from './report-periods';

/**
 * A generated report file kept under DATA_DIR/reports/. One row per period, region and format: generating a
 * period again replaces its file and updates its row, so the list never shows two versions of one report.
 */
@Entity('report_files')
@Index(['kind', 'period', 'regionCode', 'format'], { unique: true })
export class ReportFileEntity {
  /** A UUID made by the service (ids are made in code, as everywhere here, not by database extensions). */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ReportPeriodKind;

  /** "2026-09" or "2026-Q3". */
  @Column({ type: 'varchar', length: 16 })
  period!: string;

  @Column({ type: 'varchar', length: 12 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 8 })
  format!: ReportFormat;

  /** Relative to DATA_DIR, so the data directory can be moved. */
  @Column({ type: 'varchar', length: 300 })
  path!: string;

  @Column({ type: 'integer' })
  bytes!: number;

  @Column({ type: Date })
  createdAt!: Date;
}
