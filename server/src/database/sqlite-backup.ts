import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';

/** Automatic backups taken before migrations carry this prefix; only they are rotated. */
export const PRE_MIGRATION_PREFIX = 'before-migration-';
export const KEEP_PRE_MIGRATION_BACKUPS = 5;

/** `2026-12-04T23:29:08.123Z` → `20261204T232908123Z`: sortable, and safe in every file system. */
export function backupStamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

/**
 * An online, consistent copy of the open SQLite database: `VACUUM INTO` reads one snapshot (WAL readers and
 * writers carry on) and writes a compact file, unlike copying the file, which could catch a half-written page.
 */
export async function vacuumInto(dataSource: DataSource, target: string): Promise<void> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (fs.existsSync(target)) throw new Error(`备份文件已存在：${target}`);
  await dataSource.query(`VACUUM INTO '${target.replace(/'/g, "''")}'`);
}

/** Deletes all but the newest `keep` pre-migration backups in `dir` (names sort by time). Returns the deleted paths. */
export function rotatePreMigrationBackups(dir: string, keep = KEEP_PRE_MIGRATION_BACKUPS): string[] {
  if (!fs.existsSync(dir)) return [];
  const ours = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(PRE_MIGRATION_PREFIX) && f.endsWith('.sqlite'))
    .sort();
  const doomed = ours.slice(0, Math.max(0, ours.length - keep)).map((f) => path.join(dir, f));
  for (const f of doomed) fs.rmSync(f, { force: true });
  return doomed;
}
