import sqlite3 from 'sqlite3';

/**
 * The sqlite3 module for TypeORM's `driver` option, with `verbose()` a no-op. TypeORM calls `verbose()` on the driver
 * it loads, which turns on sqlite3's long stack traces for the whole process: every call then builds an Error and
 * util.inspect()s all its arguments — bulk-insert parameter arrays included. At 10,000 devices that was a tenth of the
 * server's CPU while a county-wide playlist was recorded (bench:fleet CPU profile). Failed queries still say which
 * SQL failed: TypeORM's QueryFailedError carries the query and its parameters.
 * Every DataSource of the server process must use it: one plain `type: 'sqlite'` DataSource would switch tracing on
 * for all of them.
 */
export const sqliteDriver = { ...sqlite3, verbose: () => sqlite3 };
