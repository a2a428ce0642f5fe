import { DataSource } from 'typeorm';
import { ENTITIES } from '../database-options';

export type Rows = Record<string, Array<Record<string, unknown>>>;

/**
 * A SQLite database as every county has it before migrations existed: made by `synchronize` from today's
 * entities, with one row in every table (values chosen from each column's declared type, so new tables are
 * covered without touching this file; `overrides` where a running server needs more than a placeholder).
 * Returns every row, to compare after the upgrade.
 */
export async function createSynchronizedSqlite(file: string, overrides: Record<string, Record<string, unknown>> = {}): Promise<Rows> {
  const ds = await new DataSource({ type: 'sqlite', database: file, entities: ENTITIES, synchronize: true }).initialize();
  try {
    const tables: Array<{ name: string }> = await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
    for (const { name } of tables) {
      const columns: Array<{ name: string; type: string }> = await ds.query(`PRAGMA table_info("${name}")`);
      const meta = ds.entityMetadatas.find((m) => m.tableName === name);
      const kind = (column: string) => String(meta?.columns.find((c) => c.databaseName === column)?.type ?? '');
      const values = columns.map((c) => (c.name in (overrides[name] ?? {}) ? overrides[name][c.name] : sampleValue(c.type, c.name, kind(c.name))));
      await ds.query(`INSERT INTO "${name}" (${columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, values);
    }
    return await readAllRows(ds);
  } finally {
    await ds.destroy();
  }
}

/** Every application row of the database, table by table (bookkeeping tables left out). */
export async function readAllRows(ds: DataSource): Promise<Rows> {
  const tables: Array<{ name: string }> = await ds.query(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('migrations', 'typeorm_metadata') ORDER BY name`,
  );
  const out: Rows = {};
  for (const { name } of tables) out[name] = await ds.query(`SELECT * FROM "${name}" ORDER BY rowid`);
  return out;
}

function sampleValue(type: string, column: string, entityType: string): unknown {
  if (entityType === 'simple-json') return '{}';
  if (entityType === 'simple-array') return 'a,b';
  const t = type.toLowerCase();
  if (/int|bool/.test(t)) return 1;
  if (/real|float|double|numeric|decimal/.test(t)) return 1.5;
  if (/date|time/.test(t)) return '2026-01-02 03:04:05.000';
  const length = Number(/\((\d+)\)/.exec(t)?.[1] ?? 64);
  return `v-${column}`.slice(0, length);
}
