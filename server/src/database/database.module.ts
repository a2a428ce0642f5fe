import { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { databaseOptions } from './database-options';
import { installSqliteTransactionLock } from './sqlite-transaction-lock';

/** The database connection for the app and for integration tests alike. */
export function databaseModule(config: AppConfig): DynamicModule {
  return TypeOrmModule.forRootAsync({
    useFactory: () => databaseOptions(config),
    dataSourceFactory: async (options) => {
      const ds = await new DataSource(options as DataSourceOptions).initialize();
      installSqliteTransactionLock(ds);
      return ds;
    },
  });
}
