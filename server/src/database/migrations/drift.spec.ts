import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { SystemClock } from '../../common/clock';
import { ENTITIES } from '../database-options';
import { migrateDatabase } from '../migrate';
import { POSTGRES_MIGRATIONS } from './postgres';
import { SQLITE_MIGRATIONS } from './sqlite';

/**
 * Drift check: the migrations alone must build exactly the schema the entities describe. A failure here means an
 * entity changed without a migration: run `npm run migration:generate -- <Name>` (see README.md beside this file).
 */
async function pendingSchemaChanges(options: DataSourceOptions): Promise<string[]> {
  const ds = await new DataSource(options).initialize();
  try {
    const result = await migrateDatabase(ds, { clock: new SystemClock(), backupDir: null });
    expect(result.executed.length).toBe(ds.migrations.length);
    const log = await ds.driver.createSchemaBuilder().log();
    return log.upQueries.map((q) => q.query);
  } finally {
    await ds.destroy();
  }
}

describe('migrations drift check', () => {
  it('should leave no schema change pending after the SQLite migrations run on a fresh database', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-drift-'));
    try {
      expect(await pendingSchemaChanges({ type: 'sqlite', database: path.join(dir, 'db.sqlite'), entities: ENTITIES, migrations: SQLITE_MIGRATIONS })).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const pgUrl = process.env.TEST_DATABASE_URL;
  const pgIt = pgUrl ? it : it.skip;
  if (!pgUrl) {
    // Visible in the run's output, not only as a silent "skipped".
    // eslint-disable-next-line no-console
    console.warn('migrations drift check: PostgreSQL skipped (TEST_DATABASE_URL is not set)');
  }
  pgIt('should leave no schema change pending after the PostgreSQL migrations run on a fresh schema (TEST_DATABASE_URL)', async () => {
    const schema = `sunshine_drift_${process.pid}_${Date.now()}`;
    const admin = await new DataSource({ type: 'postgres', url: pgUrl }).initialize();
    try {
      await admin.query(`CREATE SCHEMA "${schema}"`);
      const options: DataSourceOptions = { type: 'postgres', url: pgUrl, entities: ENTITIES, migrations: POSTGRES_MIGRATIONS, extra: { options: `-c search_path=${schema}` } };
      expect(await pendingSchemaChanges(options)).toEqual([]);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.destroy();
    }
  });
});
