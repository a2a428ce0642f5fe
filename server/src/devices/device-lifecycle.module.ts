import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { text } from 'express';
import { FleetModule } from '../fleet/fleet.module';
import { MqttModule } from '../mqtt/mqtt.module';
import { PlaylistsModule } from '../playlists/playlists.module';
import { SigningModule } from '../signing/signing.module';
import { DeviceLifecycleController } from './device-lifecycle.controller';
import { DeviceLifecycleService } from './device-lifecycle.service';
import { DevicesModule } from './devices.module';

/** A county's whole installation list, with room to spare (150 rows are ~15 kB). */
export const CSV_MAX_BYTES = '5mb';
export const CSV_CONTENT_TYPES = ['text/csv', 'text/plain', 'application/csv'];

/**
 * Device edits and lifecycle. A module of its own because it reaches the broker, playlists and fleet, which
 * themselves depend on DevicesModule.
 */
@Module({
  imports: [DevicesModule, MqttModule, PlaylistsModule, SigningModule, FleetModule],
  controllers: [DeviceLifecycleController],
  providers: [DeviceLifecycleService],
})
export class DeviceLifecycleModule implements NestModule {
  /** Spreadsheet exports arrive as text/csv: a text body parser for that one route. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(text({ type: CSV_CONTENT_TYPES, limit: CSV_MAX_BYTES })).forRoutes({ path: 'devices/bulk', method: RequestMethod.POST });
  }
}
