import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { installSqliteTransactionLock } from './sqlite-transaction-lock';

@Entity('things')
class Thing {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'integer' })
  n!: number;
}

async function open(lock: boolean): Promise<DataSource> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-txlock-'));
  const ds = new DataSource({ type: 'sqlite', database: path.join(dir, 'db.sqlite'), entities: [Thing], synchronize: true });
  await ds.initialize();
  if (lock) installSqliteTransactionLock(ds);
  return ds;
}

/** 40 explicit transactions (two writes each) interleaved with 40 lone saves, all at once. */
async function hammer(ds: DataSource): Promise<PromiseSettledResult<unknown>[]> {
  const work: Array<Promise<unknown>> = [];
  for (let i = 0; i < 40; i++) {
    work.push(
      ds.transaction(async (tx) => {
        await tx.save(tx.create(Thing, { id: `tx-${i}-a`, n: i }));
        await new Promise((r) => setImmediate(r));
        await tx.save(tx.create(Thing, { id: `tx-${i}-b`, n: i }));
      }),
    );
    work.push(ds.getRepository(Thing).save({ id: `lone-${i}`, n: i }));
  }
  return Promise.allSettled(work);
}

describe('installSqliteTransactionLock', () => {
  it('should commit every concurrent transaction and save when the lock is installed', async () => {
    const ds = await open(true);
    const results = await hammer(ds);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await ds.getRepository(Thing).count()).toBe(120);
    await ds.destroy();
  });

  it('should roll back only the failing transaction when one throws', async () => {
    const ds = await open(true);
    const failing = ds.transaction(async (tx) => {
      await tx.save(tx.create(Thing, { id: 'doomed', n: 1 }));
      throw new Error('boom');
    });
    const ok = ds.transaction(async (tx) => tx.save(tx.create(Thing, { id: 'kept', n: 2 })));
    await expect(failing).rejects.toThrow('boom');
    await ok;
    expect((await ds.getRepository(Thing).find()).map((t) => t.id)).toEqual(['kept']);
    await ds.destroy();
  });

  it('should allow a nested transaction in the same flow without deadlock', async () => {
    const ds = await open(true);
    await ds.transaction(async (outer) => {
      await outer.save(outer.create(Thing, { id: 'outer', n: 1 }));
      await ds.transaction(async (inner) => inner.save(inner.create(Thing, { id: 'inner', n: 2 })));
    });
    expect(await ds.getRepository(Thing).count()).toBe(2);
    await ds.destroy();
  });

  it('should show the driver failing without the lock (the reason it exists)', async () => {
    const ds = await open(false);
    const results = await hammer(ds);
    expect(results.some((r) => r.status === 'rejected')).toBe(true);
    await ds.destroy();
  });

  /** A transaction that writes, waits for `gate`, then fails; started before an outside write is issued. */
  const failingAfter = (ds: DataSource, gate: Promise<void>): Promise<unknown> =>
    ds.transaction(async (tx) => {
      await tx.save(tx.create(Thing, { id: 'doomed', n: 1 }));
      await gate;
      throw new Error('boom');
    });

  it.each([
    ['repository update', (ds: DataSource) => ds.getRepository(Thing).update({ id: 'outside' }, { n: 7 })],
    ['repository save', (ds: DataSource) => ds.getRepository(Thing).save({ id: 'outside', n: 7 })],
    ['query builder update', (ds: DataSource) => ds.getRepository(Thing).createQueryBuilder().update().set({ n: 7 }).where('id = :id', { id: 'outside' }).execute()],
    ['raw update', (ds: DataSource) => ds.query(`UPDATE things SET n = 7 WHERE id = 'outside'`)],
  ])('should keep a %s made outside the transaction when another flow\'s open transaction rolls back', async (_name, write) => {
    const ds = await open(true);
    await ds.getRepository(Thing).save({ id: 'outside', n: 0 });
    let open_!: () => void;
    const gate = new Promise<void>((r) => (open_ = r));
    const failing = failingAfter(ds, gate);
    await new Promise((r) => setTimeout(r, 20)); // the transaction has begun and written
    const outside = write(ds);
    await new Promise((r) => setTimeout(r, 20)); // the outside write is issued while the transaction is open
    open_();
    await expect(failing).rejects.toThrow('boom');
    await outside;
    expect(await ds.getRepository(Thing).findOneByOrFail({ id: 'outside' })).toMatchObject({ n: 7 });
    expect(await ds.getRepository(Thing).findOneBy({ id: 'doomed' })).toBeNull();
    await ds.destroy();
  });
});
