/**
 * Enqueues racing for the same revision and profile (two approvals at once, an approval and a re-render request)
 * leave one pending job, which both callers get. Real SQLite, the real queue, workers not started.
 */
import { TestingModule } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RevisionEntity } from '../contents/revision.entity';
import type { ProfileRenderers } from './profile-renderers';
import { RenderJobEntity } from './render-job.entity';
import { RenderQueueService } from './render-queue.service';
import { renderQueueTestingModule } from './testing/render-queue-module';

jest.setTimeout(30_000);

describe('RenderQueueService enqueue race', () => {
  let app: TestingModule;
  const renderers = { plan: (revision: RevisionEntity, profile: string) => ({ renderKey: `${revision.id}:${profile}`, run: async () => ({}) }) } as unknown as ProfileRenderers;

  beforeAll(async () => {
    app = await renderQueueTestingModule('enqueue-race', renderers);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('should keep one pending job per revision and profile when enqueues run at once', async () => {
    const revisions = app.get<Repository<RevisionEntity>>(getRepositoryToken(RevisionEntity));
    const jobs = app.get<Repository<RenderJobEntity>>(getRepositoryToken(RenderJobEntity));
    const queue = app.get(RenderQueueService);
    const id = '00000000-0000-4000-8000-0000000000aa';
    await revisions.save({
      id, contentId: id, number: 1, title: '通知', body: '正文', voice: 'espeak:cmn', rate: 1, department: '栖凤区', validFrom: null, validUntil: null,
      sourceUrl: null, authorId: 'editor', reviewState: 'approved', reviewerId: 'reviewer', reviewedAt: new Date(), reviewComment: null,
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => queue.enqueue(id, ['speaker', 'hall-tv-1080p'])));
    const stored = await jobs.findBy({ revisionId: id });
    expect(stored.map((j) => j.profile).sort()).toEqual(['hall-tv-1080p', 'speaker']);
    for (const profile of ['speaker', 'hall-tv-1080p']) {
      const job = stored.find((j) => j.profile === profile)!;
      expect(results.every((r) => r.find((j) => j.profile === profile)?.id === job.id)).toBe(true);
    }
    expect(results.every((r) => r.every((j) => j.createdAt instanceof Date))).toBe(true);
  });
});
