import { Module, Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContentStore, FfmpegBinaries, FfmpegRunner, TtsEngine, VoiceCatalogue as EngineCatalogue } from '@sunshine/media';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ContentEntity } from '../contents/content.entity';
import { RevisionEntity } from '../contents/revision.entity';
import { DeviceEntity } from '../devices/device.entity';
import { MediaController } from './media.controller';
import {
  createEngineCatalogue,
  createFfmpegRunner,
  createProfileRenderers,
  createRoutedTts,
  createStore,
  createTtsEngines,
  ENGINE_CATALOGUE,
  FFMPEG_BINARIES,
  FFMPEG_RUNNER,
  locateFfmpeg,
  MEDIA_STORE,
  PROFILE_RENDERERS,
  ROUTED_TTS,
  TTS_ENGINES,
} from './media-deps';
import { MediaFilesService } from './media-files.service';
import { RecordingEntity } from './recording.entity';
import { RecordingsController } from './recordings.controller';
import { SpeechController } from './speech.controller';
import { RecordingsService } from './recordings.service';
import { RenderAnnouncementEntity } from './render-announcement.entity';
import { RenderJobEntity } from './render-job.entity';
import { RenderQueueService } from './render-queue.service';
import { RenderReconcilerService } from './render-reconciler.service';
import { RenditionEntity } from './rendition.entity';
import { RenditionsController } from './renditions.controller';
import { RenditionsService } from './renditions.service';
import { VoiceCatalogue } from './voice-catalogue';
import { VoicesController } from './voices.controller';

/** The render pipeline's adapters (store, ffmpeg, voices, profile renderers): the API and render workers share them. */
export const MEDIA_PIPELINE_PROVIDERS: Provider[] = [
  { provide: MEDIA_STORE, inject: [APP_CONFIG], useFactory: createStore },
  { provide: FFMPEG_BINARIES, useFactory: () => locateFfmpeg() },
  { provide: FFMPEG_RUNNER, inject: [FFMPEG_BINARIES], useFactory: (found: FfmpegBinaries) => createFfmpegRunner(found) },
  { provide: TTS_ENGINES, inject: [APP_CONFIG, FFMPEG_RUNNER], useFactory: createTtsEngines },
  { provide: ENGINE_CATALOGUE, inject: [TTS_ENGINES], useFactory: createEngineCatalogue },
  { provide: ROUTED_TTS, inject: [ENGINE_CATALOGUE], useFactory: (catalogue: EngineCatalogue) => createRoutedTts(catalogue) },
  {
    provide: PROFILE_RENDERERS,
    inject: [APP_CONFIG, FFMPEG_RUNNER, ROUTED_TTS, MEDIA_STORE],
    useFactory: (config: AppConfig, runner: FfmpegRunner, tts: TtsEngine, store: ContentStore) => createProfileRenderers(config, runner, tts, store),
  },
];

@Module({
  imports: [TypeOrmModule.forFeature([ContentEntity, RenditionEntity, RevisionEntity, RenderJobEntity, RenderAnnouncementEntity, DeviceEntity, RecordingEntity])],
  controllers: [MediaController, VoicesController, RenditionsController, RecordingsController, SpeechController],
  providers: [
    ...MEDIA_PIPELINE_PROVIDERS,
    VoiceCatalogue,
    RenderQueueService,
    RenditionsService,
    RenderReconcilerService,
    MediaFilesService,
    RecordingsService,
  ],
  exports: [VoiceCatalogue, RenditionsService, RenderQueueService, RecordingsService, FFMPEG_RUNNER, FFMPEG_BINARIES],
})
export class MediaModule {}
