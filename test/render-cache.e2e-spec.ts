/**
 * A render is keyed by everything that shapes it: rendering the same approved text again — for the same
 * revision or for a new revision with identical inputs — starts no ffmpeg process. Real SQLite file, real
 * espeak-ng and ffmpeg.
 */
import { EventEmitterModule } from '@nestjs/event-emitter';
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
import { RenditionsService } from '../server/src/media/renditions.service';
import { tempDir } from './support/server-process';

jest.setTimeout(120_000);

describe('render cache', () => {
  let app: TestingModule;
  let renditions: RenditionsService;
  let runner: FfmpegRunner;
  let revisions: Repository<RevisionEntity>;

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: tempDir('render-cache') }, []);
    app = await Test.createTestingModule({
      imports: [CoreModule.forRoot(config), EventEmitterModule.forRoot(), databaseModule(config), MediaModule],
    }).compile();
    await app.init();
    renditions = app.get(RenditionsService);
    runner = app.get(FFMPEG_RUNNER);
    revisions = app.get(getRepositoryToken(RevisionEntity));
  });

  afterAll(async () => {
    await app?.close();
  });

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
    const a = await renditions.ensureSpeakerRendition(first.id);
    expect(a.status).toBe('done');
    expect(runner.processCount).toBeGreaterThan(before);

    const afterFirst = runner.processCount;
    const again = await renditions.ensureSpeakerRendition(first.id);
    expect(again.sha256).toBe(a.sha256);
    expect(runner.processCount).toBe(afterFirst);

    const sameText = await revision('明天上午9点至下午5点停水，请提前储水。');
    const shared = await renditions.ensureSpeakerRendition(sameText.id);
    expect(shared.sha256).toBe(a.sha256);
    expect(shared.revisionId).toBe(sameText.id);
    expect(runner.processCount).toBe(afterFirst);
  });

  it('should render again when the text changes', async () => {
    const changed = await revision('明天上午10点至下午4点停水，请提前储水。');
    const before = runner.processCount;
    const r = await renditions.ensureSpeakerRendition(changed.id);
    expect(r.status).toBe('done');
    expect(runner.processCount).toBeGreaterThan(before);
  });
});
