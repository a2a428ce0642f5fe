import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, Migration, MigrationExecutor, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { Clock } from '../common/clock';
import { StartupError } from '../common/startup-error';
import { listAppTables, MIGRATIONS_TABLE, schemaDifferences, schemaSnapshot } from './schema-snapshot';
import { backupStamp, PRE_MIGRATION_PREFIX, rotatePreMigrationBackups, vacuumInto } from './sqlite-backup';
import { sqliteDriver } from './sqlite-driver';

export interface MigrateOptions {
  clock: Clock;
  /** SQLite: where the copy taken before pending migrations goes (DATA_DIR/backups); null takes none. */
  backupDir: string | null;
  log?: (message: string) => void;
}

export interface MigrateResult {
  /** A database made by `synchronize` before migrations existed: its initial migration was recorded as run. */
  adopted: boolean;
  executed: string[];
  backup: string | null;
}

/** Any fixed number: PostgreSQL instances starting together take turns instead of migrating twice. */
const PG_MIGRATION_LOCK = 7_114_210_011;

/** Exposes the executor's own bookkeeping (table creation, executed list) so one transaction covers all of it. */
class Executor extends MigrationExecutor {
  constructor(dataSource: DataSource, private readonly runner: QueryRunner) {
    super(dataSource, runner);
    // The caller owns the one transaction around the whole upgrade.
    this.transaction = 'none';
  }

  ensureTable(): Promise<void> {
    return this.createMigrationsTableIfNotExist(this.runner);
  }

  executedNames(): Promise<string[]> {
    return this.loadExecutedMigrations(this.runner).then((ms) => ms.map((m) => m.name));
  }
}

/**
 * Brings the schema up to date with `dataSource.migrations`, all in one transaction: either every pending
 * migration is applied or the database is left as it was and a StartupError says so in Chinese.
 * - A database created by `synchronize` (tables, no migrations table) is adopted: its schema is compared with
 *   what the first migration creates and, if equal, that migration is recorded as run; a mismatch refuses.
 * - SQLite: a `VACUUM INTO` copy is taken first (when there is data and work to do); migrations run with
 *   foreign keys off, because rebuilding a parent table with them on would cascade-delete child rows, and
 *   `PRAGMA foreign_key_check` must be clean before the commit.
 */
export async function migrateDatabase(dataSource: DataSource, opts: MigrateOptions): Promise<MigrateResult> {
  const log = opts.log ?? (() => undefined);
  const sqlite = dataSource.options.type === 'sqlite';
  const all = [...dataSource.migrations];
  if (all.length === 0) throw new Error('no migrations configured');
  const runner = dataSource.createQueryRunner();
  const executor = new Executor(dataSource, runner);
  const migrations = await executor.getAllMigrations();
  try {
    let state = await inspect(runner, executor, migrations);
    if (!state.adopt && state.pending.length === 0) return { adopted: false, executed: [], backup: null };

    let backup: string | null = null;
    // A brand-new database (no tables yet, though WAL mode has already written a header) has nothing to save.
    if (sqlite && opts.backupDir && !state.empty && hasFile(dataSource)) {
      backup = path.join(opts.backupDir, `${PRE_MIGRATION_PREFIX}${backupStamp(opts.clock.now())}.sqlite`);
      await vacuumInto(dataSource, backup);
      rotatePreMigrationBackups(opts.backupDir);
      log(`升级前已备份数据库：${backup}`);
    }

    // PRAGMA foreign_keys is ignored inside a transaction: switch it off before BEGIN.
    if (sqlite) await runner.query('PRAGMA foreign_keys = OFF');
    await runner.startTransaction();
    let current = '';
    try {
      if (!sqlite) {
        await runner.query(`SELECT pg_advisory_xact_lock(${PG_MIGRATION_LOCK})`);
        // Another instance may have finished while we waited for the lock.
        state = await inspect(runner, executor, migrations);
      }
      if (state.adopt) {
        current = migrations[0].name;
        await assertSynchronizedSchemaMatches(dataSource, runner, migrations[0].instance!);
        await executor.ensureTable();
        await executor.insertMigration(migrations[0]);
        log(`已接管现有数据库：表结构与初始迁移 ${migrations[0].name} 一致，已记为已执行`);
      }
      const executed: string[] = [];
      for (const m of state.pending) {
        current = m.name;
        await executor.ensureTable();
        await m.instance!.up(runner);
        await executor.insertMigration(m);
        executed.push(m.name);
      }
      if (sqlite) {
        current = '';
        const broken: Array<{ table: string; parent: string }> = await runner.query('PRAGMA foreign_key_check');
        if (broken.length > 0) {
          const where = [...new Set(broken.map((b) => `${b.table}→${b.parent}`))].slice(0, 5).join('，');
          throw new Error(`外键检查失败：${broken.length} 行引用了不存在的记录（${where}）`);
        }
      }
      await runner.commitTransaction();
      if (executed.length) log(`数据库已升级：${executed.join('、')}`);
      return { adopted: state.adopt, executed, backup };
    } catch (err) {
      await runner.rollbackTransaction().catch(() => undefined);
      if (err instanceof StartupError) throw err;
      const which = current ? `迁移 ${current} 失败` : '迁移后检查失败';
      const kept = backup ? `；升级前的备份：${backup}` : '';
      throw new StartupError(`数据库升级失败（${which}）：${(err as Error).message}。数据库已回滚，保持升级前的状态${kept}`);
    } finally {
      if (sqlite) await runner.query('PRAGMA foreign_keys = ON');
    }
  } finally {
    await runner.release();
  }
}

interface State {
  /** No tables at all: a new database. */
  empty: boolean;
  adopt: boolean;
  pending: Migration[];
}

async function inspect(runner: QueryRunner, executor: Executor, migrations: Migration[]): Promise<State> {
  if (!(await runner.hasTable(tableName(runner)))) {
    const tables = await listAppTables(runner);
    const adopt = tables.length > 0;
    return { empty: !adopt, adopt, pending: adopt ? migrations.slice(1) : migrations };
  }
  const done = new Set(await executor.executedNames());
  return { empty: false, adopt: false, pending: migrations.filter((m) => !done.has(m.name)) };
}

function tableName(runner: QueryRunner): string {
  return runner.connection.options.migrationsTableName ?? MIGRATIONS_TABLE;
}

function hasFile(dataSource: DataSource): boolean {
  const file = dataSource.options.database;
  if (typeof file !== 'string' || file === ':memory:') return false;
  return fs.existsSync(file) && fs.statSync(file).size > 0;
}

/**
 * Compares the live tables with what the initial migration builds on an empty database: SQLite in memory,
 * PostgreSQL in a scratch schema inside a savepoint that is rolled back (DDL is transactional there).
 */
async function assertSynchronizedSchemaMatches(dataSource: DataSource, runner: QueryRunner, initial: MigrationInterface): Promise<void> {
  const actualTables = await listAppTables(runner);
  const actual = await schemaSnapshot(runner, actualTables);
  let expected: Record<string, unknown>;
  if (dataSource.options.type === 'sqlite') {
    const scratch = await new DataSource({ type: 'sqlite', driver: sqliteDriver, database: ':memory:' }).initialize();
    try {
      const r = scratch.createQueryRunner();
      await initial.up(r);
      expected = await schemaSnapshot(r, await listAppTables(r));
    } finally {
      await scratch.destroy();
    }
  } else {
    const schema = `sunshine_adopt_${process.pid}`;
    await runner.query('SAVEPOINT sunshine_adopt');
    try {
      await runner.query(`CREATE SCHEMA "${schema}"`);
      await runner.query(`SET LOCAL search_path TO "${schema}"`);
      await initial.up(runner);
      expected = await schemaSnapshot(runner, await listAppTables(runner, schema), schema);
    } finally {
      // Also undoes SET LOCAL search_path.
      await runner.query('ROLLBACK TO SAVEPOINT sunshine_adopt');
    }
  }
  const diff = schemaDifferences(actual, expected);
  if (diff.length > 0) {
    throw new StartupError(
      `现有数据库（由旧版本自动建表）的表结构与初始迁移不一致，无法自动接管：${diff.join('；')}。数据库未作任何改动；请备份数据目录后联系维护人员`,
    );
  }
}
