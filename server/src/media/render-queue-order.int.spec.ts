/**
 * After a burst of approvals the loudspeaker renders (most devices) are claimed before the video renders of earlier
 * revisions. Real SQLite and the real queue; the renderer is a stand-in that records the order it is asked in.
 */
import { TestingModule } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RevisionEntity } from '../contents/revision.entity';
import type { ProfileRenderers } from './profile-renderers';
import { RenderQueueService } from './render-queue.service';
import { renderQueueTestingModule } from './testing/render-queue-module';

jest.setTimeout(30_000);

describe('RenderQueueService claim order', () => {
  let app: TestingModule;
  const order: string[] = [];

  const renderers = {
    plan: (revision: RevisionEntity, profile: string) => ({
      renderKey: `${revision.id}:${profile}`,
      run: async () => {
        order.push(`${revision.title}:${profile}`);
        return { sha256: `${revision.id}:${profile}`.padEnd(64, '0').slice(0, 64), size: 1, durationMs: 1000, mime: 'audio/mpeg', ext: 'mp3', voiceId: 'v', sentences: [] };
      },
    }),
  } as unknown as ProfileRenderers;

  beforeAll(async () => {
    app = await renderQueueTestingModule('queue-order', renderers);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('should render every queued speaker job before older video jobs when several revisions were approved at once', async () => {
    const revisions = app.get<Repository<RevisionEntity>>(getRepositoryToken(RevisionEntity));
    const queue = app.get(RenderQueueService);
    const ids = ['a', 'b', 'c'].map((x) => `00000000-0000-4000-8000-00000000000${x}`);
    for (const [i, id] of ids.entries()) {
      await revisions.save({
        id, contentId: id, number: 1, title: `通知${i + 1}`, body: '正文', voice: 'espeak:cmn', rate: 1, department: '栖凤区', validFrom: null, validUntil: null,
        sourceUrl: null, authorId: 'editor', reviewState: 'approved', reviewerId: 'reviewer', reviewedAt: new Date(), reviewComment: null,
      });
    }
    // Queued while the workers are not started yet, as after a burst of approvals.
    const jobs = [];
    for (const id of ids) jobs.push(...(await queue.enqueue(id, ['speaker', 'hall-tv-1080p'])));
    await app.init();
    for (const job of jobs) await queue.waitFor(job.id);

    expect(order).toHaveLength(6);
    expect(order.slice(0, 3).every((r) => r.endsWith(':speaker'))).toBe(true);
    expect(order.slice(3).every((r) => r.endsWith(':hall-tv-1080p'))).toBe(true);
  });
});
