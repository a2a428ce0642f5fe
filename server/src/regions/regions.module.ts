import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { text } from 'express';
import { DeviceEntity } from '../devices/device.entity';
import { RegionEntity } from './region.entity';
import { RegionsController } from './regions.controller';
import { RegionsService } from './regions.service';
import { RegionsImportService } from './regions-import.service';

/** A province's full table is ~50k rows (~3 MB); a county's a few hundred. */
const CSV_MAX_BYTES = '10mb';
const CSV_CONTENT_TYPES = ['text/csv', 'text/plain', 'application/csv'];

@Module({
  imports: [TypeOrmModule.forFeature([RegionEntity, DeviceEntity])],
  controllers: [RegionsController],
  providers: [RegionsService, RegionsImportService],
  exports: [RegionsService, RegionsImportService],
})
export class RegionsModule implements NestModule {
  /** Division tables arrive as spreadsheet exports: a text body parser for the import route. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(text({ type: CSV_CONTENT_TYPES, limit: CSV_MAX_BYTES })).forRoutes({ path: 'regions/import', method: RequestMethod.POST });
  }
}
