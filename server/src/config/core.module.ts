import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock';
import { APP_CONFIG, AppConfig } from './app-config';
import { SecretsService } from './secrets.service';

/** Process-wide providers every module may inject: configuration, the clock, secrets. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock: Clock = new SystemClock(config.clockOffsetMs)): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: Clock, useValue: clock }, SecretsService],
      exports: [APP_CONFIG, Clock, SecretsService],
    };
  }
}
