import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * TypeORM's SQLite driver shares ONE query runner (one connection) between all callers, and two top-level
 * transactions started concurrently both send BEGIN ("cannot start a transaction within a transaction").
 * This serialises top-level transactions on that connection:
 * - explicit `manager.transaction(...)` holds the lock for its whole callback (re-entrant for the same flow,
 *   tracked with AsyncLocalStorage, so nested transactions become savepoints as TypeORM intends);
 * - writes outside any transaction (a repository's `save`, `update`, `insert`, `delete`, …) take the lock for
 *   their own duration: on the one shared connection they would otherwise run inside another flow's open
 *   transaction and be committed or rolled back with it;
 * - a raw or query-builder write from outside the holder's flow waits for the lock the same way;
 * - implicit transactions that TypeORM starts for a lone `save()` on another manager take the lock at BEGIN and
 *   release it when the runner is back at depth 0.
 * PostgreSQL has a real pool and needs none of this.
 */
export function installSqliteTransactionLock(dataSource: DataSource): void {
  if (dataSource.options.type !== 'sqlite' && dataSource.options.type !== 'better-sqlite3') return;
  const lock = new Mutex();
  const flow = new AsyncLocalStorage<symbol>();
  let holder: symbol | null = null;
  let implicitRelease: (() => void) | null = null;

  const manager = dataSource.manager as EntityManager & { transaction: (...args: unknown[]) => Promise<unknown> };
  const transaction = manager.transaction.bind(manager);
  manager.transaction = async (...args: unknown[]) => {
    const current = flow.getStore();
    if (current && current === holder) return transaction(...args);
    const release = await lock.acquire();
    const token = Symbol('transaction');
    holder = token;
    try {
      return await flow.run(token, () => transaction(...args));
    } finally {
      holder = null;
      release();
    }
  };

  /** Runs `fn` holding the lock as its own flow, unless this flow holds it already. */
  const locked = async <T>(fn: () => Promise<T>): Promise<T> => {
    const current = flow.getStore();
    if (current && current === holder) return fn();
    const release = await lock.acquire();
    const token = Symbol('write');
    holder = token;
    try {
      return await flow.run(token, fn);
    } finally {
      holder = null;
      release();
    }
  };
  const writes = manager as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of MANAGER_WRITES) {
    const original = writes[method].bind(manager);
    writes[method] = (...args: unknown[]) => locked(() => original(...args));
  }

  const runner = dataSource.driver.createQueryRunner('master') as QueryRunner & { transactionDepth: number };
  const start = runner.startTransaction.bind(runner);
  const commit = runner.commitTransaction.bind(runner);
  const rollback = runner.rollbackTransaction.bind(runner);
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  (runner as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
    // Another process on the same file (a standby API, a render worker): a deferred transaction that reads, then
    // writes after the other committed fails at once with SQLITE_BUSY (WAL snapshot), which busy_timeout cannot
    // wait out. IMMEDIATE takes the write lock at BEGIN, where busy_timeout does wait.
    if (args[0] === 'BEGIN TRANSACTION') return query('BEGIN IMMEDIATE TRANSACTION', ...args.slice(1));
    const current = flow.getStore();
    const outsider = holder !== null && current !== holder && !implicitRelease;
    // An implicit transaction's own statements carry no flow: they cannot be told apart, so they run as before.
    if (outsider && typeof args[0] === 'string' && WRITE_STATEMENT.test(args[0])) return locked(() => query(...args));
    return query(...args);
  };
  runner.startTransaction = async (isolation?: Parameters<QueryRunner['startTransaction']>[0]) => {
    const current = flow.getStore();
    if (current && current === holder) return start(isolation);
    // An implicit transaction (a save outside any explicit transaction): hold the lock until depth 0 again.
    const release = await lock.acquire();
    holder = Symbol('implicit');
    implicitRelease = release;
    try {
      await start(isolation);
    } catch (err) {
      releaseImplicit();
      throw err;
    }
  };
  runner.commitTransaction = async () => {
    try {
      await commit();
    } finally {
      if (runner.transactionDepth === 0) releaseImplicit();
    }
  };
  runner.rollbackTransaction = async () => {
    try {
      await rollback();
    } finally {
      if (runner.transactionDepth === 0) releaseImplicit();
    }
  };

  function releaseImplicit(): void {
    const release = implicitRelease;
    if (!release) return;
    implicitRelease = null;
    holder = null;
    release();
  }
}

/** EntityManager methods that write; each runs as one locked unit when called outside a transaction. */
const MANAGER_WRITES = ['save', 'remove', 'softRemove', 'recover', 'insert', 'update', 'upsert', 'delete', 'softDelete', 'restore', 'increment', 'decrement', 'clear'] as const;

const WRITE_STATEMENT = /^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b/i;

/** A FIFO async mutex. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}
