import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContentStore, createFfmpegRunner, FfmpegRunner, TtsEngine } from '@sunshine/media';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RevisionEntity } from '../contents/revision.entity';
import { DeviceEntity } from '../devices/device.entity';
import { MediaController } from './media.controller';
import { createProfileRenderers, createStore, createTtsEngines, FFMPEG_RUNNER, MEDIA_STORE, PROFILE_RENDERERS, TTS_ENGINES } from './media-deps';
import { MediaFilesService } from './media-files.service';
import { RecordingEntity } from './recording.entity';
import { RecordingsController } from './recordings.controller';
import { RecordingsService } from './recordings.service';
import { RenderJobEntity } from './render-job.entity';
import { RenderQueueService } from './render-queue.service';
import { RenditionEntity } from './rendition.entity';
import { RenditionsController } from './renditions.controller';
import { RenditionsService } from './renditions.service';
import { VoiceCatalogue } from './voice-catalogue';
import { VoicesController } from './voices.controller';

@Module({
  imports: [TypeOrmModule.forFeature([RenditionEntity, RevisionEntity, RenderJobEntity, DeviceEntity, RecordingEntity])],
  controllers: [MediaController, VoicesController, RenditionsController, RecordingsController],
  providers: [
    { provide: MEDIA_STORE, inject: [APP_CONFIG], useFactory: createStore },
    { provide: TTS_ENGINES, useFactory: createTtsEngines },
    { provide: FFMPEG_RUNNER, useFactory: () => createFfmpegRunner() },
    {
      provide: PROFILE_RENDERERS,
      inject: [APP_CONFIG, FFMPEG_RUNNER, TTS_ENGINES, MEDIA_STORE],
      useFactory: (config: AppConfig, runner: FfmpegRunner, engines: TtsEngine[], store: ContentStore) => createProfileRenderers(config, runner, engines, store),
    },
    VoiceCatalogue,
    RenderQueueService,
    RenditionsService,
    MediaFilesService,
    RecordingsService,
  ],
  exports: [VoiceCatalogue, RenditionsService, RenderQueueService, RecordingsService, FFMPEG_RUNNER],
})
export class MediaModule {}
