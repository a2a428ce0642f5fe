/**
 * An online copy of the SQLite database, safe while the server runs (VACUUM INTO reads one consistent snapshot):
 *   npm run backup [-- <目标文件>] [--data-dir 目录]
 * Without a target: DATA_DIR/backups/sunshine-<UTC time>.sqlite. Restore steps: server/src/database/migrations/README.md.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/app-config';
import { backupDir, sqliteFile } from '../database/database-options';
import { backupStamp, vacuumInto } from '../database/sqlite-backup';
import { sqliteDriver } from '../database/sqlite-driver';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { 'data-dir': { type: 'string' } }, allowPositionals: true });
  const config = loadConfig(process.env, values['data-dir'] ? ['--data-dir', values['data-dir']] : []);
  if (config.databaseUrl) {
    process.stderr.write('当前使用 PostgreSQL（DATABASE_URL）：请用 pg_dump 备份，本命令只备份 SQLite\n');
    return 2;
  }
  const source = sqliteFile(config.dataDir);
  if (!fs.existsSync(source)) {
    process.stderr.write(`找不到数据库文件 ${source}：请检查 DATA_DIR 或 --data-dir\n`);
    return 2;
  }
  const target = path.resolve(positionals[0] ?? path.join(backupDir(config.dataDir), `sunshine-${backupStamp(new Date())}.sqlite`));
  if (fs.existsSync(target)) {
    process.stderr.write(`目标文件已存在：${target}（不会覆盖）\n`);
    return 2;
  }
  // No migrations and no synchronize: a backup never changes the database it copies.
  const ds = await new DataSource({ type: 'sqlite', driver: sqliteDriver, database: source, busyTimeout: 5000 }).initialize();
  try {
    await vacuumInto(ds, target);
  } finally {
    await ds.destroy();
  }
  process.stdout.write(`已备份数据库：${target}（${fs.statSync(target).size} 字节）\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError) process.stderr.write(`备份失败：配置有误\n${err.problems.join('\n')}\n`);
    else process.stderr.write(`备份失败：${(err as Error)?.message ?? String(err)}\n`);
    process.exit(1);
  },
);
