import { DataSource, type DataSourceOptions } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { ENTITIES } from '../database-options';
import { LeaderLeaseEntity } from '../../leader/leader-lease.entity';
import { RenderAnnouncementEntity } from '../../media/render-announcement.entity';
import { PlaylistRequestEntity } from '../../playlists/playlist-request.entity';
import { AiringEntity } from '../../reports/airing.entity';
import { AlertPlaybackEntity } from '../../reports/alert-playback.entity';
import { DayRollupEntity, RolledDayEntity } from '../../reports/day-rollup.entity';
import { DeviceTransitionEntity } from '../../reports/device-transition.entity';
import { PlannedAiringEntity } from '../../reports/planned-airing.entity';
import { ReportFileEntity } from '../../reports/scheduled/report-file.entity';
import { listAppTables } from '../schema-snapshot';
import { entityBeforeMigrations } from './pre-migration-entities';

/**
 * Entities whose tables a migration after the initial one creates: a database made by synchronize before
 * migrations existed cannot have them, so the fixture leaves them out (add each new entity here with its migration).
 */
export const ENTITIES_ADDED_BY_LATER_MIGRATIONS: ReadonlyArray<(typeof ENTITIES)[number]> = [
  ReportFileEntity,
  LeaderLeaseEntity,
  RenderAnnouncementEntity,
  PlannedAiringEntity,
  AiringEntity,
  DeviceTransitionEntity,
  AlertPlaybackEntity,
  DayRollupEntity,
  RolledDayEntity,
  PlaylistRequestEntity,
];
const PRE_MIGRATION_ENTITIES = ENTITIES.filter((e) => !ENTITIES_ADDED_BY_LATER_MIGRATIONS.includes(e)).map(entityBeforeMigrations);
/** Columns a later migration adds to a table that existed before (add each with its migration), dropped again. */
export const COLUMNS_ADDED_BY_LATER_MIGRATIONS: ReadonlyArray<{ table: string; column: string }> = [{ table: 'devices', column: 'messageProblem' }];

export type Rows = Record<string, Array<Record<string, unknown>>>;

/**
 * A database as every county has it before migrations existed: made by `synchronize` from the entities of then
 * (today's, less the tables later migrations add, with the shapes later migrations changed frozen in
 * pre-migration-entities.ts), with one row in every table (values chosen from each column's type, so new tables are covered without
 * touching this file; `overrides[table][column]` where a running server needs more than a placeholder).
 * Returns every row, to compare after the upgrade.
 */
export async function createSynchronizedDatabase(options: DataSourceOptions, overrides: Record<string, Record<string, unknown>> = {}): Promise<Rows> {
  const ds = await new DataSource({ ...options, entities: PRE_MIGRATION_ENTITIES, synchronize: true, migrations: [] } as DataSourceOptions).initialize();
  try {
    for (const meta of ds.entityMetadatas) {
      const row: Record<string, unknown> = {};
      for (const c of meta.columns) {
        const override = overrides[meta.tableName] ?? {};
        row[c.propertyPath] = c.databaseName in override ? override[c.databaseName] : sampleValue(ds, c);
      }
      await ds.createQueryBuilder().insert().into(meta.target).values(row).execute();
    }
    for (const { table, column } of COLUMNS_ADDED_BY_LATER_MIGRATIONS) await ds.query(`ALTER TABLE "${table}" DROP COLUMN "${column}"`);
    return await readAllRows(ds);
  } finally {
    await ds.destroy();
  }
}

/** Rows of `after` cut to the tables and columns `before` had: what later migrations added left out. */
export function asBefore(after: Rows, before: Rows): Rows {
  return Object.fromEntries(
    Object.entries(before).map(([table, rows]) => {
      const keys = Object.keys(rows[0] ?? after[table]?.[0] ?? {});
      return [table, (after[table] ?? []).map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])))];
    }),
  );
}

/** A synchronize-made SQLite file (see createSynchronizedDatabase). */
export function createSynchronizedSqlite(file: string, overrides: Record<string, Record<string, unknown>> = {}): Promise<Rows> {
  return createSynchronizedDatabase({ type: 'sqlite', database: file }, overrides);
}

/** Every application row of the database, table by table (bookkeeping tables left out). */
export async function readAllRows(ds: DataSource): Promise<Rows> {
  const runner = ds.createQueryRunner();
  try {
    const out: Rows = {};
    for (const name of await listAppTables(runner)) out[name] = await runner.query(`SELECT * FROM "${name}" ORDER BY 1`);
    return out;
  } finally {
    await runner.release();
  }
}

function sampleValue(ds: DataSource, c: ColumnMetadata): unknown {
  if (c.type === 'simple-json') return {};
  if (c.type === 'simple-array') return ['a', 'b'];
  const t = ds.driver.normalizeType(c).toLowerCase();
  if (/bool/.test(t)) return true;
  if (/int/.test(t)) return 1;
  if (/real|float|double|numeric|decimal/.test(t)) return 1.5;
  if (/date|time/.test(t)) return new Date('2026-01-02T03:04:05.000Z');
  const length = Number(c.length || 64);
  return `v-${c.databaseName}`.slice(0, length);
}
