import { QueryFailedError } from 'typeorm';

/**
 * A write refused by a unique index (SQLite or PostgreSQL): how a check-then-insert race is settled by the
 * database instead of by luck; the loser reads what the winner stored.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driver = (err as QueryFailedError & { driverError?: { code?: string; message?: string } }).driverError;
  return driver?.code === '23505' || (driver?.code === 'SQLITE_CONSTRAINT' && /UNIQUE/i.test(driver.message ?? err.message));
}
