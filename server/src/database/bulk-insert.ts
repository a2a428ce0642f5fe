import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Parameters per statement: below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

/**
 * `INSERT … VALUES (…), (…) ON CONFLICT DO NOTHING` for many rows, built directly: TypeORM's insert builder
 * spends more CPU per value than the database does, which capped play-log ingest. Values are converted exactly
 * as TypeORM converts them (the driver's preparePersistentValue per column), so what is stored is the same.
 * SQLite (3.24+) and PostgreSQL both accept this ON CONFLICT form.
 */
export async function insertIgnoringDuplicates<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, propertyNames: ReadonlyArray<keyof T & string>, rows: readonly T[]): Promise<void> {
  if (rows.length === 0) return;
  const meta = m.connection.getMetadata(target);
  const driver = m.connection.driver;
  const columns = propertyNames.map((p) => {
    const c = meta.findColumnWithPropertyName(p);
    if (!c) throw new Error(`${meta.tableName} has no column ${p}`);
    return c;
  });
  const postgres = m.connection.options.type === 'postgres';
  // schema.table is two identifiers, escaped one by one (as TypeORM's query builder does).
  const table = meta.tablePath.split('.').map((part) => driver.escape(part)).join('.');
  const head = `INSERT INTO ${table} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const part = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = part.map((row) => {
      const marks = columns.map((c) => {
        params.push(driver.preparePersistentValue(row[c.propertyName as keyof T], c));
        return postgres ? `$${params.length}` : '?';
      });
      return `(${marks.join(', ')})`;
    });
    await m.query(`${head}${tuples.join(', ')} ON CONFLICT DO NOTHING`, params);
  }
}
