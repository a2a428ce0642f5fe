import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { POSTGRES_MIGRATIONS } from '../server/src/database/migrations/postgres';
import { SQLITE_MIGRATIONS } from '../server/src/database/migrations/sqlite';
import { asBefore, createSynchronizedDatabase, createSynchronizedSqlite, readAllRows } from '../server/src/database/testing/synchronized-fixture';
import { createE2eDatabase, E2E_POSTGRES_URL, ROOT, startServer, tempDir } from './support/server-process';

jest.setTimeout(120_000);

/** The built server on a county's data dir from before migrations existed (schema made by synchronize). */
describe('database migrations at server start', () => {
  async function rowsOf(file: string) {
    const ds = await new DataSource({ type: 'sqlite', database: file }).initialize();
    try {
      return { rows: await readAllRows(ds), migrations: (await ds.query('SELECT name FROM migrations')) as unknown[] };
    } finally {
      await ds.destroy();
    }
  }

  it('should upgrade a synchronize-made database in place, keeping every row, with a backup taken first', async () => {
    const dataDir = tempDir('upgrade');
    const file = path.join(dataDir, 'sunshine.sqlite');
    // The server republishes retained playlists at start: give it an envelope it can read (long expired).
    const before = await createSynchronizedSqlite(file, { device_playlists: { envelope: { payload: { expiresAt: '2000-01-01T00:00:00.000Z' } } } });

    const server = await startServer({ dataDir, sqlite: true, env: { DEMO: '0' } });
    const health = await fetch(`${server.url}/api/health`);
    await server.stop();

    expect(health.ok).toBe(true);
    expect(server.output()).toContain('已接管现有数据库');
    const after = await rowsOf(file);
    expect(after.migrations).toHaveLength(SQLITE_MIGRATIONS.length);
    const kept = asBefore(after.rows, before);
    for (const [table, rows] of Object.entries(before)) expect({ table, rows: kept[table] }).toEqual({ table, rows: expect.arrayContaining(rows) });
    const backups = fs.readdirSync(path.join(dataDir, 'backups'));
    expect(backups).toEqual([expect.stringMatching(/^before-migration-\d{8}T\d{9}Z\.sqlite$/)]);
  });

  // The same upgrade on PostgreSQL, in the second CI run (E2E_POSTGRES_URL): play logs re-keyed, rows intact.
  (E2E_POSTGRES_URL ? it : it.skip)('should upgrade a synchronize-made PostgreSQL database in place, keeping every row', async () => {
    const url = await createE2eDatabase();
    const before = await createSynchronizedDatabase({ type: 'postgres', url }, { device_playlists: { envelope: { payload: { expiresAt: '2000-01-01T00:00:00.000Z' } } } });

    const server = await startServer({ env: { DEMO: '0', DATABASE_URL: url } });
    const health = await fetch(`${server.url}/api/health`);
    await server.stop();

    expect(health.ok).toBe(true);
    expect(server.output()).toContain('已接管现有数据库');
    const ds = await new DataSource({ type: 'postgres', url }).initialize();
    try {
      expect(await ds.query('SELECT name FROM migrations ORDER BY id')).toEqual(POSTGRES_MIGRATIONS.map((m) => ({ name: m.name })));
      const rows = asBefore(await readAllRows(ds), before);
      for (const [table, list] of Object.entries(before)) expect({ table, rows: rows[table] }).toEqual({ table, rows: expect.arrayContaining(list) });
    } finally {
      await ds.destroy();
    }
  });

  it('should refuse to start, exit 1 and change nothing when the existing schema is not the one it knows', async () => {
    const dataDir = tempDir('mismatch');
    const file = path.join(dataDir, 'sunshine.sqlite');
    await createSynchronizedSqlite(file);
    const ds = await new DataSource({ type: 'sqlite', database: file }).initialize();
    await ds.query('DROP TABLE "play_logs"');
    await ds.destroy();

    const run = spawnSync(process.execPath, [path.join(ROOT, 'dist/server/src/main.js'), '--no-demo-agents', '--port', '0', '--mqtt-port', '0'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, DEMO: '0', HOST: '127.0.0.1', MQTT_HOST: '127.0.0.1' },
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^启动失败：现有数据库（由旧版本自动建表）的表结构与初始迁移不一致，无法自动接管：缺少表 play_logs.*数据库未作任何改动/m);
    expect(run.stderr).not.toMatch(/\n\s+at /); // one clear line, no stack trace
    const check = await new DataSource({ type: 'sqlite', database: file }).initialize();
    expect(await check.query(`SELECT name FROM sqlite_master WHERE name = 'migrations'`)).toEqual([]);
    await check.destroy();
  });

  it('should copy the database with npm run backup while nothing else is needed', async () => {
    const dataDir = tempDir('backup');
    await createSynchronizedSqlite(path.join(dataDir, 'sunshine.sqlite'));
    const target = path.join(dataDir, 'copy.sqlite');

    const run = spawnSync(process.execPath, [path.join(ROOT, 'dist/server/src/cli/backup-cli.js'), target, '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8' });

    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`已备份数据库：${target}`);
    expect((await rowsOfCopy(target)).users).toHaveLength(1);
  });

  async function rowsOfCopy(file: string) {
    const ds = await new DataSource({ type: 'sqlite', database: file }).initialize();
    try {
      return await readAllRows(ds);
    } finally {
      await ds.destroy();
    }
  }
});
