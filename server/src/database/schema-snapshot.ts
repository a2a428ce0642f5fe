import type { QueryRunner, Table } from 'typeorm';

/** The tables TypeORM keeps for itself: never part of the application schema. */
export const MIGRATIONS_TABLE = 'migrations';
const BOOKKEEPING = new Set([MIGRATIONS_TABLE, 'typeorm_metadata']);

/** Application tables in the connection's schema (SQLite: the main database; PostgreSQL: current_schema()). */
export async function listAppTables(runner: QueryRunner, schema?: string): Promise<string[]> {
  const rows: Array<{ name: string }> =
    runner.connection.options.type === 'postgres'
      ? await runner.query(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${schema ? '$1' : 'current_schema()'} AND table_type = 'BASE TABLE'`,
          schema ? [schema] : [],
        )
      : await runner.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  return rows.map((r) => r.name).filter((n) => !BOOKKEEPING.has(n)).sort();
}

/**
 * A driver-neutral description of tables as TypeORM reads them back (columns, indices, keys), without schema
 * names, so that a database made by `synchronize` can be compared with one made by the initial migration.
 */
export async function schemaSnapshot(runner: QueryRunner, tableNames: string[], schema?: string): Promise<Record<string, unknown>> {
  const qualified = tableNames.map((t) => (schema ? `${schema}.${t}` : t));
  const tables = qualified.length ? await runner.getTables(qualified) : [];
  const out: Record<string, unknown> = {};
  for (const t of tables) out[bare(t.name)] = describe(t);
  return out;
}

function describe(t: Table): unknown {
  const sorted = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    columns: sorted(t.columns, (c) => c.name).map((c) => ({
      name: c.name,
      type: c.type,
      length: c.length,
      nullable: c.isNullable,
      default: c.default,
      primary: c.isPrimary,
      unique: c.isUnique,
      generated: c.isGenerated ? c.generationStrategy : false,
    })),
    indices: sorted(t.indices, (i) => i.name ?? '').map((i) => ({ name: i.name, columns: [...i.columnNames], unique: i.isUnique, where: i.where || '' })),
    uniques: sorted(t.uniques, (u) => u.name ?? '').map((u) => ({ name: u.name, columns: [...u.columnNames].sort() })),
    foreignKeys: sorted(t.foreignKeys, (f) => f.columnNames.join(',')).map((f) => ({
      columns: [...f.columnNames],
      references: bare(f.referencedTableName),
      referencedColumns: [...f.referencedColumnNames],
      onDelete: f.onDelete ?? '',
      onUpdate: f.onUpdate ?? '',
    })),
    checks: sorted(t.checks, (c) => c.expression ?? '').map((c) => c.expression),
  };
}

function bare(name: string): string {
  return name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
}

/** Human-readable differences (table or table.part), at most `limit`. Empty when the schemas match. */
export function schemaDifferences(actual: Record<string, unknown>, expected: Record<string, unknown>, limit = 5): string[] {
  const out: string[] = [];
  for (const name of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    if (!(name in actual)) out.push(`缺少表 ${name}`);
    else if (!(name in expected)) out.push(`多出表 ${name}`);
    else {
      const a = actual[name] as Record<string, unknown>;
      const e = expected[name] as Record<string, unknown>;
      for (const part of Object.keys(e)) {
        if (JSON.stringify(a[part]) !== JSON.stringify(e[part])) out.push(`表 ${name} 的${PART_NAMES[part] ?? part}不同`);
      }
    }
  }
  return out.slice(0, limit);
}

const PART_NAMES: Record<string, string> = { columns: '列', indices: '索引', uniques: '唯一约束', foreignKeys: '外键', checks: '检查约束' };
