/**
 * Renders finished in one process are announced (RenditionReady) exactly once, by a leader: a render worker (no
 * LeaderService) renders, two processes that both believe they lead race for the announcement, one wins. Real
 * SQLite shared by three Nest modules; the renderer is a stand-in.
 */
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { Test, TestingModule } from '@nestjs/testing';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Repository } from 'typeorm';
import { DomainEvent } from '../common/domain-events';
import { loadConfig } from '../config/app-config';
import { CoreModule } from '../config/core.module';
import { RevisionEntity } from '../contents/revision.entity';
import { databaseModule } from '../database/database.module';
import { LeaderService } from '../leader/leader.service';
import { PROFILE_RENDERERS } from './media-deps';
import type { ProfileRenderers } from './profile-renderers';
import { RenderAnnouncementEntity } from './render-announcement.entity';
import { RenderJobEntity } from './render-job.entity';
import { RenderQueueService } from './render-queue.service';
import { RenditionEntity } from './rendition.entity';

jest.setTimeout(30_000);

const REVISION = '00000000-0000-4000-8000-0000000000a1';

describe('render announcements across processes', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-announce-'));
  const apps: TestingModule[] = [];
  const rendered: string[] = [];

  const renderers = {
    plan: (revision: RevisionEntity, profile: string) => ({
      renderKey: `${revision.id}:${profile}`,
      run: async () => {
        rendered.push(profile);
        return { sha256: 'b'.repeat(64), size: 1, durationMs: 1000, mime: 'audio/mpeg', ext: 'mp3', voiceId: 'v', sentences: [] };
      },
    }),
  } as unknown as ProfileRenderers;

  async function startProcess(env: Record<string, string>, leader: boolean | null): Promise<{ app: TestingModule; ready: () => number }> {
    const config = loadConfig({ DATA_DIR: dataDir, ...env }, []);
    const app = await Test.createTestingModule({
      imports: [CoreModule.forRoot(config), EventEmitterModule.forRoot(), ScheduleModule.forRoot(), databaseModule(config), TypeOrmModule.forFeature([RenderJobEntity, RenderAnnouncementEntity, RenditionEntity, RevisionEntity])],
      providers: [RenderQueueService, { provide: PROFILE_RENDERERS, useValue: renderers }, ...(leader === null ? [] : [{ provide: LeaderService, useValue: { isLeader: () => leader } }])],
    }).compile();
    let ready = 0;
    app.get(EventEmitter2).on(DomainEvent.RenditionReady, () => ready++);
    apps.push(app);
    return { app, ready: () => ready };
  }

  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('should announce a worker’s render once, from one of the leaders, and leave nothing pending', async () => {
    const worker = await startProcess({ RENDER_CONCURRENCY: '1' }, null);
    const leaders = [await startProcess({ RENDER_WORKERS: '0' }, true), await startProcess({ RENDER_WORKERS: '0' }, true)];
    await worker.app.get<Repository<RevisionEntity>>(getRepositoryToken(RevisionEntity)).save({
      id: REVISION, contentId: REVISION, number: 1, title: '通知', body: '正文', voice: 'espeak:cmn', rate: 1, department: '栖凤区', validFrom: null, validUntil: null,
      sourceUrl: null, authorId: 'editor', reviewState: 'approved', reviewerId: 'reviewer', reviewedAt: new Date(), reviewComment: null,
    });
    const [job] = await leaders[0].app.get(RenderQueueService).enqueue(REVISION, ['speaker']);
    for (const p of [worker, ...leaders]) await p.app.init();

    // Waited for where it renders: the worker's own progress event ends the wait, not a re-read on the clock.
    const done = await worker.app.get(RenderQueueService).waitFor(job.id);
    expect(done.status).toBe('done');
    expect(done.leaseOwner).not.toBeNull();
    const pending = worker.app.get<Repository<RenderAnnouncementEntity>>(getRepositoryToken(RenderAnnouncementEntity));
    // Both leaders poll at once and race for the announcement (their scheduled polls may have taken it already),
    // then each polls once more: a second announcement would show now.
    const leaderQueues = leaders.map((l) => l.app.get(RenderQueueService));
    await Promise.all(leaderQueues.map((q) => q.pollNow()));
    for (const q of leaderQueues) await q.pollNow();

    expect(rendered).toEqual(['speaker']);
    expect(await pending.count()).toBe(0);
    expect(worker.ready()).toBe(0);
    expect(leaders[0].ready() + leaders[1].ready()).toBe(1);
  });
});
