import { DataSource, type DataSourceOptions, type MigrationInterface, type QueryRunner } from 'typeorm';
import { SystemClock } from '../common/clock';
import { StartupError } from '../common/startup-error';
import { migrateDatabase } from './migrate';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { createSynchronizedDatabase, readAllRows, asBefore } from './testing/synchronized-fixture';

/** The PostgreSQL half of migrate.spec.ts, each test in a scratch schema of TEST_DATABASE_URL. */
const url = process.env.TEST_DATABASE_URL;
const pgDescribe = url ? describe : describe.skip;
if (!url) {
  // Visible in the run's output, not only as a silent "skipped".
  // eslint-disable-next-line no-console
  console.warn('migrateDatabase (PostgreSQL): skipped (TEST_DATABASE_URL is not set)');
}

class Broken1700000000009 implements MigrationInterface {
  name = 'Broken1700000000009';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "devices" ADD COLUMN "doomed" varchar`);
    await q.query(`DELETE FROM "users"`);
    await q.query(`THIS IS NOT SQL`);
  }
  async down(): Promise<void> {}
}

pgDescribe('migrateDatabase (PostgreSQL)', () => {
  let admin: DataSource;
  let schema: string;
  let n = 0;
  const options = (): DataSourceOptions => ({ type: 'postgres', url, extra: { options: `-c search_path=${schema}` } });

  beforeAll(async () => (admin = await new DataSource({ type: 'postgres', url }).initialize()));
  afterAll(async () => admin?.destroy());
  beforeEach(async () => {
    schema = `sunshine_mig_${process.pid}_${n++}`;
    await admin.query(`CREATE SCHEMA "${schema}"`);
  });
  afterEach(async () => admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));

  async function withDb<T>(migrations: Array<new () => unknown>, fn: (ds: DataSource) => Promise<T>): Promise<T> {
    const ds = await new DataSource({ ...options(), migrations } as DataSourceOptions).initialize();
    try {
      return await fn(ds);
    } finally {
      await ds.destroy();
    }
  }
  const migrate = (migrations: Array<new () => unknown>) => withDb(migrations, (ds) => migrateDatabase(ds, { clock: new SystemClock(), backupDir: null }));

  it('should adopt a database made by synchronize and keep every row of every table', async () => {
    const before = await createSynchronizedDatabase(options());
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(16);

    const result = await migrate(POSTGRES_MIGRATIONS);

    // Adopted as the initial migration; the later ones then run.
    expect(result).toEqual({ adopted: true, executed: POSTGRES_MIGRATIONS.slice(1).map((m) => m.name), backup: null });
    await withDb([], async (ds) => {
      const after = await readAllRows(ds);
      expect(asBefore(after, before)).toEqual(before);
      // Tables that later migrations add start empty.
      for (const [table, rows] of Object.entries(after)) if (!(table in before)) expect({ table, rows }).toEqual({ table, rows: [] });
      expect(await ds.query('SELECT name FROM migrations ORDER BY id')).toEqual(POSTGRES_MIGRATIONS.map((m) => ({ name: m.name })));
      // The scratch schema used for the comparison is gone.
      expect(await ds.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'sunshine_adopt_%'`)).toEqual([]);
    });
  });

  it('should refuse to adopt a synchronize-made database whose schema differs, changing nothing', async () => {
    await createSynchronizedDatabase(options());
    await withDb([], (ds) => ds.query('ALTER TABLE "regions" ADD COLUMN "extra" varchar'));

    await expect(migrate(POSTGRES_MIGRATIONS)).rejects.toThrow(/表结构与初始迁移不一致.*regions/);

    await withDb([], async (ds) => expect(await ds.query(`SELECT to_regclass('migrations') AS t`)).toEqual([{ t: null }]));
  });

  it('should roll a failed migration back completely, migrations table included', async () => {
    const failure = migrate([...POSTGRES_MIGRATIONS, Broken1700000000009]);

    await expect(failure).rejects.toThrow(StartupError);
    await expect(failure).rejects.toThrow(/数据库升级失败（迁移 Broken1700000000009 失败）.*数据库已回滚/);
    // Even the initial migration that ran before it in the same upgrade is undone: an empty schema again.
    await withDb([], async (ds) => expect(await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)).toEqual([]));
  });

  it('should re-key play logs by (device, id), keeping every row, so two devices may use the same id', async () => {
    await migrate(POSTGRES_MIGRATIONS.slice(0, 1));
    const row = (deviceId: string, id: string, playedMs: number) =>
      `('${id}', '${deviceId}', NULL, NULL, 'c-1', NULL, '${'a'.repeat(64)}', '2026-12-01T08:00:00Z', '2026-12-01T08:00:20Z', ${playedMs}, 'completed', NULL, '2026-12-01T08:00:21Z')`;
    const insert = (...rows: string[]) => withDb([], (ds) => ds.query(`INSERT INTO "play_logs" VALUES ${rows.join(', ')}`));
    const read = (sql: string) => withDb([], (ds) => ds.query(sql));
    await insert(row('spk-1', 'j-1', 20_000), row('spk-2', 'j-2', 19_000));
    // The old key: the same id from another device was refused.
    await expect(insert(row('spk-2', 'j-1', 18_000))).rejects.toThrow(/duplicate key/);
    const before = await read(`SELECT * FROM play_logs ORDER BY id`);

    const result = await migrate(POSTGRES_MIGRATIONS);

    expect(result.executed).toEqual(POSTGRES_MIGRATIONS.slice(1).map((m) => m.name));
    expect(await read(`SELECT * FROM play_logs ORDER BY id`)).toEqual(before);
    await insert(row('spk-2', 'j-1', 18_000));
    await expect(insert(row('spk-1', 'j-1', 17_000))).rejects.toThrow(/duplicate key/);
    expect(await read(`SELECT "deviceId", id, "playedMs" FROM play_logs ORDER BY id, "deviceId"`)).toEqual([
      { deviceId: 'spk-1', id: 'j-1', playedMs: 20_000 },
      { deviceId: 'spk-2', id: 'j-1', playedMs: 18_000 },
      { deviceId: 'spk-2', id: 'j-2', playedMs: 19_000 },
    ]);
  });

  it('should do nothing the second time', async () => {
    expect((await migrate(POSTGRES_MIGRATIONS)).executed).toEqual(POSTGRES_MIGRATIONS.map((m) => m.name));
    expect(await migrate(POSTGRES_MIGRATIONS)).toEqual({ adopted: false, executed: [], backup: null });
  });
});
