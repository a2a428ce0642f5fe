import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { insertIgnoringDuplicates } from './bulk-insert';

@Entity('bulk_things')
class BulkThing {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: Date })
  at!: Date;

  @Column({ type: 'varchar', length: 20, nullable: true })
  note!: string | null;

  @Column({ type: 'boolean' })
  flag!: boolean;

  @Column({ type: 'simple-json' })
  facts!: Record<string, number>;
}

const url = process.env.TEST_DATABASE_URL;
const engines: Array<[string, () => Promise<{ ds: DataSource; drop: () => Promise<void> }>]> = [
  [
    'SQLite',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bulk-'));
      const ds = await new DataSource({ type: 'sqlite', database: path.join(dir, 'db.sqlite'), entities: [BulkThing], synchronize: true }).initialize();
      return { ds, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];
// PostgreSQL in a scratch schema of TEST_DATABASE_URL when it is set (its placeholders and timestamps differ).
if (url) {
  engines.push([
    'PostgreSQL',
    async () => {
      const schema = `sunshine_bulk_${process.pid}_${Date.now()}`;
      const admin = await new DataSource({ type: 'postgres', url }).initialize();
      await admin.query(`CREATE SCHEMA "${schema}"`);
      const ds = await new DataSource({ type: 'postgres', url, schema, extra: { options: `-c search_path=${schema}` }, entities: [BulkThing], synchronize: true }).initialize();
      return { ds, drop: async () => (await admin.query(`DROP SCHEMA "${schema}" CASCADE`), await admin.destroy()) };
    },
  ]);
}

describe.each(engines)('insertIgnoringDuplicates (%s)', (_name, open) => {
  let ds: DataSource;
  let drop: () => Promise<void>;
  beforeEach(async () => ({ ds, drop } = await open()));
  afterEach(async () => (await ds.destroy(), await drop()));

  const cols = ['id', 'at', 'note', 'flag', 'facts'] as const;
  const thing = (id: string, note: string | null): BulkThing => ({ id, at: new Date(Date.UTC(2026, 6, 1, 6, 30, 0, 123)), note, flag: true, facts: { failed: 2 } });

  it('should store values exactly as TypeORM stores them (dates, booleans, JSON, nulls)', async () => {
    await insertIgnoringDuplicates(ds.manager, BulkThing, cols, [thing('a', null)]);
    await ds.getRepository(BulkThing).insert(thing('b', null));
    const raw = await ds.query<Array<Record<string, unknown>>>('SELECT id, at, note, flag, facts FROM bulk_things ORDER BY id');
    expect({ ...raw[0], id: 'b' }).toEqual(raw[1]);
    expect(await ds.getRepository(BulkThing).findOneByOrFail({ id: 'a' })).toEqual(thing('a', null));
  });

  it('should ignore rows whose key exists, in the table or earlier in the same call, and split large calls', async () => {
    await insertIgnoringDuplicates(ds.manager, BulkThing, cols, [thing('a', 'first')]);
    const many = Array.from({ length: 7000 }, (_, i) => thing(`n-${i}`, 'new'));
    await insertIgnoringDuplicates(ds.manager, BulkThing, cols, [thing('a', 'second'), ...many, thing('n-1', 'again')]);
    expect(await ds.getRepository(BulkThing).count()).toBe(7001);
    expect((await ds.getRepository(BulkThing).findOneByOrFail({ id: 'a' })).note).toBe('first');
    expect((await ds.getRepository(BulkThing).findOneByOrFail({ id: 'n-1' })).note).toBe('new');
  });
});
