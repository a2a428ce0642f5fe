import { defaults, types } from 'pg';

/** PostgreSQL `timestamp` text ("2026-12-01 08:00:00.123") read as the UTC instant it stores. */
export function parseUtcTimestamp(text: string): Date {
  if (text === 'infinity' || text === '-infinity') return new Date(NaN);
  return new Date(`${text.replace(' ', 'T')}Z`);
}

/**
 * Entity dates are `timestamp` columns (without time zone: the same portable type as SQLite's datetime), and
 * they must hold UTC. node-postgres would write a Date as the process's local wall time (the offset it appends is
 * dropped by a `timestamp` column) and read it back as local time, so a server started under another TZ (a shell
 * vs. the systemd unit, `npm run setup`, a second machine) would shift every stored instant by the difference.
 * Process-wide settings of the pg module: every PostgreSQL connection of the process reads and writes UTC.
 */
export function usePgUtcTimestamps(): void {
  defaults.parseInputDatesAsUTC = true;
  types.setTypeParser(types.builtins.TIMESTAMP, parseUtcTimestamp);
}
