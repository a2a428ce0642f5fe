import { DynamicModule, Logger } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { SystemClock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { backupDir, databaseOptions } from './database-options';
import { migrateDatabase } from './migrate';
import { installSqliteTransactionLock } from './sqlite-transaction-lock';

/** Opens the database and applies pending migrations (usually none: main.ts has already run them). */
export async function openDatabase(config: AppConfig): Promise<DataSource> {
  const ds = await new DataSource(databaseOptions(config) as DataSourceOptions).initialize();
  try {
    const logger = new Logger('Database');
    await migrateDatabase(ds, { clock: new SystemClock(config.clockOffsetMs), backupDir: backupDir(config.dataDir), log: (m) => logger.log(m) });
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  return ds;
}

/**
 * Runs pending migrations on a connection of its own and closes it: called before the Nest app is built, so that
 * a failed upgrade ends the start with one clear line (inside Nest's module factory it would be retried).
 */
export async function migrateOnStart(config: AppConfig): Promise<void> {
  await (await openDatabase(config)).destroy();
}

/** The database connection for the app and for integration tests alike. */
export function databaseModule(config: AppConfig): DynamicModule {
  return TypeOrmModule.forRootAsync({
    useFactory: () => databaseOptions(config),
    dataSourceFactory: async () => {
      const ds = await openDatabase(config);
      installSqliteTransactionLock(ds);
      return ds;
    },
  });
}
