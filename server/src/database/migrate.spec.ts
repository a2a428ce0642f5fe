import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { Clock } from '../common/clock';
import { StartupError } from '../common/startup-error';
import { migrateDatabase } from './migrate';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';
import { PRE_MIGRATION_PREFIX } from './sqlite-backup';
import { createSynchronizedSqlite, readAllRows, asBefore } from './testing/synchronized-fixture';

class FakeClock extends Clock {
  constructor(private ms: number) {
    super();
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

// Test-only migrations: a parent with cascading children, then a rebuild of the parent as TypeORM writes it.
class CreateParentChild1700000000000 implements MigrationInterface {
  name = 'CreateParentChild1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "parent" ("id" varchar PRIMARY KEY NOT NULL, "name" varchar NOT NULL)`);
    await q.query(`CREATE TABLE "child" ("id" varchar PRIMARY KEY NOT NULL, "parentId" varchar NOT NULL, CONSTRAINT "FK_child_parent" FOREIGN KEY ("parentId") REFERENCES "parent" ("id") ON DELETE CASCADE)`);
  }
  async down(): Promise<void> {}
}

class RebuildParent1700000000001 implements MigrationInterface {
  name = 'RebuildParent1700000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "temporary_parent" ("id" varchar PRIMARY KEY NOT NULL, "name" varchar NOT NULL, "note" varchar)`);
    await q.query(`INSERT INTO "temporary_parent"("id", "name") SELECT "id", "name" FROM "parent"`);
    await q.query(`DROP TABLE "parent"`);
    await q.query(`ALTER TABLE "temporary_parent" RENAME TO "parent"`);
  }
  async down(): Promise<void> {}
}

/** Changes the schema, then fails half-way. */
class Broken1700000000002 implements MigrationInterface {
  name = 'Broken1700000000002';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "parent" ADD COLUMN "doomed" varchar`);
    await q.query(`DELETE FROM "child"`);
    await q.query(`THIS IS NOT SQL`);
  }
  async down(): Promise<void> {}
}

/** Leaves a child pointing at a parent that does not exist: only the post-migration check can catch it. */
class Orphan1700000000003 implements MigrationInterface {
  name = 'Orphan1700000000003';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO "child" ("id", "parentId") VALUES ('orphan', 'nobody')`);
  }
  async down(): Promise<void> {}
}

let dir: string;
const clock = new FakeClock(Date.parse('2026-12-04T10:00:00Z'));
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-migrate-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = () => path.join(dir, 'db.sqlite');
const backups = () => path.join(dir, 'backups');

async function open(migrations: Array<new () => unknown>): Promise<DataSource> {
  return new DataSource({ type: 'sqlite', database: file(), migrations }).initialize();
}

async function migrate(migrations: Array<new () => unknown>) {
  const ds = await open(migrations);
  try {
    return await migrateDatabase(ds, { clock, backupDir: backups() });
  } finally {
    await ds.destroy();
  }
}

async function query<T>(sql: string): Promise<T> {
  const ds = await open([]);
  try {
    return (await ds.query(sql)) as T;
  } finally {
    await ds.destroy();
  }
}

async function seedParentChild(): Promise<void> {
  await migrate([CreateParentChild1700000000000]);
  await query(`INSERT INTO "parent" VALUES ('p1', '甲'), ('p2', '乙')`);
  await query(`INSERT INTO "child" VALUES ('c1', 'p1'), ('c2', 'p1'), ('c3', 'p2')`);
}

describe('migrateDatabase (SQLite)', () => {
  it('should create the schema on an empty database without taking a backup', async () => {
    // As the app opens it: WAL mode writes the file's header before any table exists.
    const ds = await new DataSource({ type: 'sqlite', database: file(), migrations: SQLITE_MIGRATIONS, enableWAL: true }).initialize();
    expect(fs.statSync(file()).size).toBeGreaterThan(0);
    const result = await migrateDatabase(ds, { clock, backupDir: backups() });
    await ds.destroy();
    expect(result).toEqual({ adopted: false, executed: SQLITE_MIGRATIONS.map((m) => m.name), backup: null });
    expect(fs.existsSync(backups())).toBe(false);
    expect(await migrate(SQLITE_MIGRATIONS)).toEqual({ adopted: false, executed: [], backup: null });
  });

  it('should adopt a database made by synchronize and keep every row of every table', async () => {
    const before = await createSynchronizedSqlite(file());
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(16);
    for (const rows of Object.values(before)) expect(rows).toHaveLength(1);

    const result = await migrate(SQLITE_MIGRATIONS);

    expect(result.adopted).toBe(true);
    // Adopted as the initial migration; the later ones then run.
    expect(result.executed).toEqual(SQLITE_MIGRATIONS.slice(1).map((m) => m.name));
    const ds = await open([]);
    const after = await readAllRows(ds);
    expect(asBefore(after, before)).toEqual(before);
    // Tables that later migrations add start empty.
    for (const [table, rows] of Object.entries(after)) if (!(table in before)) expect({ table, rows }).toEqual({ table, rows: [] });
    expect(await ds.query(`SELECT name FROM migrations ORDER BY id`)).toEqual(SQLITE_MIGRATIONS.map((m) => ({ name: m.name })));
    await ds.destroy();
  });

  it('should re-key play logs by (device, id), keeping every row, so two devices may use the same id', async () => {
    await migrate(SQLITE_MIGRATIONS.slice(0, 1));
    const row = (deviceId: string, id: string, playedMs: number) =>
      `('${id}', '${deviceId}', NULL, NULL, 'c-1', NULL, '${'a'.repeat(64)}', '2026-12-01 08:00:00.000', '2026-12-01 08:00:20.000', ${playedMs}, 'completed', NULL, '2026-12-01 08:00:21.000')`;
    const insert = (...rows: string[]) => query(`INSERT INTO "play_logs" VALUES ${rows.join(', ')}`);
    await insert(row('spk-1', 'j-1', 20_000), row('spk-2', 'j-2', 19_000));
    // The old key: the same id from another device was refused.
    await expect(insert(row('spk-2', 'j-1', 18_000))).rejects.toThrow(/UNIQUE constraint failed/);
    const before = await query<unknown[]>(`SELECT * FROM play_logs ORDER BY id`);

    const result = await migrate(SQLITE_MIGRATIONS);

    expect(result.executed).toEqual(SQLITE_MIGRATIONS.slice(1).map((m) => m.name));
    expect(await query(`SELECT * FROM play_logs ORDER BY id`)).toEqual(before);
    await insert(row('spk-2', 'j-1', 18_000));
    await expect(insert(row('spk-1', 'j-1', 17_000))).rejects.toThrow(/UNIQUE constraint failed/);
    expect(await query(`SELECT "deviceId", id, "playedMs" FROM play_logs ORDER BY id, "deviceId"`)).toEqual([
      { deviceId: 'spk-1', id: 'j-1', playedMs: 20_000 },
      { deviceId: 'spk-2', id: 'j-1', playedMs: 18_000 },
      { deviceId: 'spk-2', id: 'j-2', playedMs: 19_000 },
    ]);
  });

  it('should refuse to adopt a synchronize-made database whose schema differs, changing nothing', async () => {
    await createSynchronizedSqlite(file());
    await query(`ALTER TABLE "devices" ADD COLUMN "extra" varchar`);

    const failure = migrate(SQLITE_MIGRATIONS);

    await expect(failure).rejects.toThrow(StartupError);
    await expect(failure).rejects.toThrow(/表结构与初始迁移不一致.*devices/);
    expect(await query(`SELECT name FROM sqlite_master WHERE name = 'migrations'`)).toEqual([]);
  });

  it('should keep child rows when a migration rebuilds a parent table with ON DELETE CASCADE children', async () => {
    await seedParentChild();

    const ds = await open([CreateParentChild1700000000000, RebuildParent1700000000001]);
    const result = await migrateDatabase(ds, { clock, backupDir: backups() });
    // The app goes on with foreign keys enforced on this connection.
    expect(await ds.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    await ds.destroy();

    expect(result.executed).toEqual(['RebuildParent1700000000001']);
    expect(await query(`SELECT id FROM child ORDER BY id`)).toEqual([{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }]);
    expect(await query(`SELECT id, note FROM parent ORDER BY id`)).toEqual([{ id: 'p1', note: null }, { id: 'p2', note: null }]);
  });

  it('should show the cascade trap the runner avoids: the same rebuild with foreign keys on deletes the children', async () => {
    await seedParentChild();
    const ds = await open([]);
    await ds.query('PRAGMA foreign_keys = ON');
    await new RebuildParent1700000000001().up(ds.createQueryRunner());
    expect(await ds.query(`SELECT COUNT(*) AS n FROM child`)).toEqual([{ n: 0 }]);
    await ds.destroy();
  });

  it('should roll a failed migration back completely and explain it in Chinese', async () => {
    await seedParentChild();
    const before = await query<unknown[]>(`SELECT sql FROM sqlite_master ORDER BY name`);

    const failure = migrate([CreateParentChild1700000000000, RebuildParent1700000000001, Broken1700000000002]);

    await expect(failure).rejects.toThrow(StartupError);
    await expect(failure).rejects.toThrow(/数据库升级失败（迁移 Broken1700000000002 失败）.*数据库已回滚，保持升级前的状态；升级前的备份：/);
    // The rebuild that ran before it in the same upgrade is undone too.
    expect(await query(`SELECT sql FROM sqlite_master ORDER BY name`)).toEqual(before);
    expect(await query(`SELECT COUNT(*) AS n FROM child`)).toEqual([{ n: 3 }]);
    expect(await query(`SELECT name FROM migrations`)).toEqual([{ name: 'CreateParentChild1700000000000' }]);
  });

  it('should roll back when the foreign key check after the migrations finds orphans', async () => {
    await seedParentChild();

    await expect(migrate([CreateParentChild1700000000000, Orphan1700000000003])).rejects.toThrow(/迁移后检查失败.*外键检查失败：1 行.*child→parent/);

    expect(await query(`SELECT id FROM child WHERE id = 'orphan'`)).toEqual([]);
  });

  it('should back up before pending migrations and keep only the last 5 backups', async () => {
    await seedParentChild();
    const chain: Array<new () => unknown> = [CreateParentChild1700000000000];
    const taken: string[] = [];
    for (let i = 0; i < 7; i++) {
      clock.advance(60_000);
      class Step implements MigrationInterface {
        name = `Step${1700000001000 + i}`;
        async up(q: QueryRunner): Promise<void> {
          await q.query(`INSERT INTO "parent" VALUES ('s${i}', 'step')`);
        }
        async down(): Promise<void> {}
      }
      chain.push(Step);
      const result = await migrate(chain);
      expect(result.backup).not.toBeNull();
      taken.push(path.basename(result.backup!));
    }
    // Nothing pending: no backup.
    expect((await migrate(chain)).backup).toBeNull();

    const kept = fs.readdirSync(backups()).sort();
    expect(kept).toEqual(taken.slice(-5));
    expect(kept.every((f) => f.startsWith(PRE_MIGRATION_PREFIX))).toBe(true);
    // The newest backup is the database just before the last step: p1, p2 and the six earlier steps' rows.
    const copy = await new DataSource({ type: 'sqlite', database: path.join(backups(), kept[4]) }).initialize();
    expect(await copy.query(`SELECT COUNT(*) AS n FROM parent`)).toEqual([{ n: 2 + 6 }]);
    await copy.destroy();
  });
});
