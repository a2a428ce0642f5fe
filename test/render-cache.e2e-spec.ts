/**
 * A render is keyed by everything that shapes it: rendering the same approved text again — for the same
 * revision or for a new revision with identical inputs — starts no ffmpeg process. Real SQLite file, real
 * espeak-ng and ffmpeg.
 */
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { Test, TestingModule } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import type { FfmpegRunner } from '@sunshine/media';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { loadConfig } from '../server/src/config/app-config';
import { CoreModule } from '../server/src/config/core.module';
import { RevisionEntity } from '../server/src/contents/revision.entity';
import { databaseModule } from '../server/src/database/database.module';
import { FFMPEG_RUNNER } from '../server/src/media/media-deps';
import { MediaModule } from '../server/src/media/media.module';
import { RenderQueueService } from '../server/src/media/render-queue.service';
import { RenditionEntity } from '../server/src/media/rendition.entity';
import { RenderJobEntity } from '../server/src/media/render-job.entity';
import { tempDir } from './support/server-process';

jest.setTimeout(120_000);

describe('render cache', () => {
  let app: TestingModule;
  let queue: RenderQueueService;
  let renditions: Repository<RenditionEntity>;
  let runner: FfmpegRunner;
  let revisions: Repository<RevisionEntity>;

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: tempDir('render-cache') }, []);
    app = await Test.createTestingModule({
      imports: [CoreModule.forRoot(config), EventEmitterModule.forRoot(), ScheduleModule.forRoot(), databaseModule(config), MediaModule],
    }).compile();
    await app.init();
    queue = app.get(RenderQueueService);
    renditions = app.get(getRepositoryToken(RenditionEntity));
    runner = app.get(FFMPEG_RUNNER);
    revisions = app.get(getRepositoryToken(RevisionEntity));
  });

  afterAll(async () => {
    await app?.close();
  });

  /** Renders through the persistent queue and returns the finished rendition. */
  async function render(revisionId: string, profile = 'speaker'): Promise<RenditionEntity> {
    const job = await queue.enqueueAndWait(revisionId, profile);
    expect(job).toMatchObject({ status: 'done', progress: 100 });
    return renditions.findOneByOrFail({ id: job.renditionId! });
  }

  async function revision(body: string): Promise<RevisionEntity> {
    return revisions.save(
      revisions.create({
        id: randomUUID(), contentId: randomUUID(), number: 1, title: '停水通知', body, voice: 'espeak:cmn', rate: 1,
        department: '栖凤区水务局', validFrom: null, validUntil: null, sourceUrl: null, authorId: 'u', reviewState: 'approved',
        reviewerId: null, reviewedAt: null, reviewComment: null,
      }),
    );
  }

  it('should run ffmpeg for the first render and none for a repeat of the same inputs', async () => {
    const first = await revision('明天上午9点至下午5点停水，请提前储水。');
    const before = runner.processCount;
    const a = await render(first.id);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(runner.processCount).toBeGreaterThan(before);

    const afterFirst = runner.processCount;
    const again = await render(first.id);
    expect(again.sha256).toBe(a.sha256);
    expect(runner.processCount).toBe(afterFirst);

    const sameText = await revision('明天上午9点至下午5点停水，请提前储水。');
    const shared = await render(sameText.id);
    expect(shared.sha256).toBe(a.sha256);
    expect(shared.revisionId).toBe(sameText.id);
    expect(runner.processCount).toBe(afterFirst);
  });

  it('should finish a job whose worker died mid-render when its lease lapses', async () => {
    const jobs = app.get<Repository<RenderJobEntity>>(getRepositoryToken(RenderJobEntity));
    const rev = await revision('村委会通知：本周六上午召开村民代表大会。');
    const orphan = await jobs.save(
      jobs.create({
        id: randomUUID(), revisionId: rev.id, profile: 'speaker', status: 'running', force: false, attempts: 1, progress: 40,
        leaseOwner: 'dead-worker:1', leaseUntil: new Date(Date.now() - 1_000), renditionId: null, error: null, retryable: false,
      }),
    );
    const done = await queue.waitFor(orphan.id);
    expect(done).toMatchObject({ status: 'done', progress: 100, attempts: 2 });
    expect(done.leaseOwner).not.toBe('dead-worker:1');
    const r = await renditions.findOneByOrFail({ id: done.renditionId! });
    expect(r.revisionId).toBe(rev.id);
  });

  it('should render an H.264 segment when a screen profile is queued', async () => {
    const rev = await revision('请到便民服务中心办理。');
    const r = await render(rev.id, 'led-384x192');
    expect(r).toMatchObject({ profile: 'led-384x192', mime: 'video/mp4', ext: 'mp4' });
  });

  it('should render again when the text changes', async () => {
    const changed = await revision('明天上午10点至下午4点停水，请提前储水。');
    const before = runner.processCount;
    const r = await render(changed.id);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(runner.processCount).toBeGreaterThan(before);
  });
});
