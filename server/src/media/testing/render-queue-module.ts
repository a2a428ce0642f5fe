import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../config/app-config';
import { CoreModule } from '../../config/core.module';
import { RevisionEntity } from '../../contents/revision.entity';
import { databaseModule } from '../../database/database.module';
import { PROFILE_RENDERERS } from '../media-deps';
import type { ProfileRenderers } from '../profile-renderers';
import { RenderAnnouncementEntity } from '../render-announcement.entity';
import { RenderJobEntity } from '../render-job.entity';
import { RenderQueueService } from '../render-queue.service';
import { RenditionEntity } from '../rendition.entity';

/**
 * The real render queue on a real SQLite file in a temp dir, one worker, with the given renderers standing in for
 * ffmpeg: what the queue's integration specs share.
 */
export function renderQueueTestingModule(name: string, renderers: ProfileRenderers): Promise<TestingModule> {
  const config = loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `sunshine-${name}-`)), RENDER_CONCURRENCY: '1' }, []);
  return Test.createTestingModule({
    imports: [CoreModule.forRoot(config), EventEmitterModule.forRoot(), ScheduleModule.forRoot(), databaseModule(config), TypeOrmModule.forFeature([RenderJobEntity, RenderAnnouncementEntity, RenditionEntity, RevisionEntity])],
    providers: [RenderQueueService, { provide: PROFILE_RENDERERS, useValue: renderers }],
  }).compile();
}
