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
});
