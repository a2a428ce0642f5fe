import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EspeakEngine, FfmpegRunner } from '@sunshine/media';
import { text } from 'express';
import * as path from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DeviceEntity } from '../devices/device.entity';
import { createStore, FFMPEG_RUNNER } from '../media/media-deps';
import { MediaModule } from '../media/media.module';
import { MqttModule } from '../mqtt/mqtt.module';
import { RegionsModule } from '../regions/regions.module';
import { SigningModule } from '../signing/signing.module';
import { AlertAcksService } from './alert-acks.service';
import { AlertAudio } from './alert-audio';
import { AlertAuditEntity } from './alert-audit.entity';
import { AlertBroadcaster } from './alert-broadcaster';
import { AlertDeliveryEntity } from './alert-delivery.entity';
import { AlertEntity } from './alert.entity';
import { AlertsController } from './alerts.controller';
import { ALERTS_CONFIG, loadAlertsConfig } from './alerts-config';
import { AlertsService } from './alerts.service';
import { CAP_MAX_BYTES } from './cap';
import { CapIngestService } from './cap-ingest.service';

const CAP_CONTENT_TYPES = ['application/xml', 'text/xml', 'application/cap+xml'];

@Module({
  imports: [TypeOrmModule.forFeature([AlertEntity, AlertDeliveryEntity, AlertAuditEntity, DeviceEntity]), MediaModule, MqttModule, RegionsModule, SigningModule],
  controllers: [AlertsController],
  providers: [
    { provide: ALERTS_CONFIG, useFactory: () => loadAlertsConfig() },
    {
      provide: AlertAudio,
      inject: [APP_CONFIG, FFMPEG_RUNNER],
      // Its own espeak worker: an alert never queues behind a notice being rendered.
      useFactory: (config: AppConfig, runner: FfmpegRunner) =>
        new AlertAudio({ runner, tts: new EspeakEngine({ keepWarm: 1 }), store: createStore(config), tmpDir: path.join(config.dataDir, 'tmp', 'alerts') }),
    },
    AlertBroadcaster,
    AlertAcksService,
    AlertsService,
    CapIngestService,
  ],
  exports: [AlertsService],
})
export class AlertsModule implements NestModule {
  /** CAP arrives as XML: a text body parser for that one route, limited like the parser's own size check. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(text({ type: CAP_CONTENT_TYPES, limit: CAP_MAX_BYTES })).forRoutes({ path: 'alerts/cap', method: RequestMethod.POST });
  }
}
