import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config';
import { CoreModule } from '../config/core.module';
import { RevisionEntity } from '../contents/revision.entity';
import { databaseModule } from '../database/database.module';
import { MEDIA_PIPELINE_PROVIDERS } from '../media/media.module';
import { RenderAnnouncementEntity } from '../media/render-announcement.entity';
import { RenderJobEntity } from '../media/render-job.entity';
import { RenderQueueService } from '../media/render-queue.service';
import { RenditionEntity } from '../media/rendition.entity';

/**
 * A render worker (`npm run worker`): the shared database, the media pipeline and the render queue — no HTTP, no
 * broker, no LeaderService. It claims jobs under a lease, renders into the media store (MEDIA_DIR, shared storage
 * when on another machine) and records the rendition; the leader API process announces it to the playlists.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config),
        EventEmitterModule.forRoot(),
        // The render queue's poll (@Interval) is how a worker finds jobs the API queued.
        ScheduleModule.forRoot(),
        databaseModule(config),
        TypeOrmModule.forFeature([RenderJobEntity, RenderAnnouncementEntity, RenditionEntity, RevisionEntity]),
      ],
      providers: [...MEDIA_PIPELINE_PROVIDERS, RenderQueueService],
    };
  }
}
