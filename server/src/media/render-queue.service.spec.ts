import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Repository } from 'typeorm';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import type { RevisionEntity } from '../contents/revision.entity';
import type { ProfileRenderers, RenderOutput } from './profile-renderers';
import type { RenderAnnouncementEntity } from './render-announcement.entity';
import type { RenderJobEntity } from './render-job.entity';
import { RenderQueueService } from './render-queue.service';
import type { RenditionEntity } from './rendition.entity';

/** A promise that knows whether anyone ever handled it: an unobserved rejection is what ends a Node process. */
class Observed<T> extends Promise<T> {
  observed = false;
  override then<A = T, B = never>(onOk?: ((v: T) => A | PromiseLike<A>) | null, onErr?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    this.observed = true;
    return super.then(onOk, onErr);
  }
}

class FixedClock extends Clock {
  now(): Date {
    return new Date(Date.parse('2026-11-24T08:00:00Z'));
  }
}

const OUTPUT: RenderOutput = { sha256: 'a'.repeat(64), size: 1, durationMs: 1000, mime: 'audio/mpeg', ext: 'mp3', voiceId: 'v', voiceUsed: 'v', fallback: false, sentences: [] };

/** The queue over repositories whose job updates all fail (a locked or broken database). */
function queueWithFailingUpdates(run: (progress: (pct: number) => void) => Promise<RenderOutput>) {
  const updates: Array<Observed<never>> = [];
  const jobs = {
    update: jest.fn(() => {
      const p = new Observed<never>((_ok, fail) => fail(new Error('SQLITE_BUSY: database is locked')));
      updates.push(p);
      return p;
    }),
  } as unknown as Repository<RenderJobEntity>;
  const renditions = {
    findOneBy: jest.fn(async () => null),
    create: jest.fn((r: Partial<RenditionEntity>) => r),
    save: jest.fn(async (r: Partial<RenditionEntity>) => r),
  } as unknown as Repository<RenditionEntity>;
  const revisions = { findOneByOrFail: jest.fn(async () => ({ id: 'rev-1', title: '通知' })) } as unknown as Repository<RevisionEntity>;
  const renderers = { plan: () => ({ renderKey: 'k', run }) } as unknown as ProfileRenderers;
  const queue = new RenderQueueService({ renderWorkers: 1, renderLeaseMs: 60_000 } as AppConfig, jobs, renditions, revisions, {} as Repository<RenderAnnouncementEntity>, renderers, new EventEmitter2(), new FixedClock());
  const job = { id: 'job-1', revisionId: 'rev-1', profile: 'speaker', attempts: 1, progress: 0, force: false } as RenderJobEntity;
  const internals = queue as unknown as { process(j: RenderJobEntity): Promise<void>; fill(): Promise<void>; claim(): Promise<RenderJobEntity | null>; active: Set<Promise<void>>; stopped: boolean };
  // Handles whatever the test left unhandled (read `observed` before), so a failing case does not crash the runner.
  const settle = (): void => updates.forEach((u) => void Promise.prototype.catch.call(u, () => undefined));
  return { queue, internals, job, updates, settle };
}

describe('RenderQueueService on a failing database', () => {
  afterEach(() => jest.useRealTimers());

  it('should handle a failed progress update instead of leaving an unhandled rejection', async () => {
    const { internals, job, updates, settle } = queueWithFailingUpdates(async (progress) => {
      progress(50);
      return OUTPUT;
    });
    await internals.process(job).catch(() => undefined);
    const progressWrite = updates[0];
    const observed = progressWrite?.observed;
    settle();
    expect(observed).toBe(true);
  });

  it('should handle a failed lease renewal instead of leaving an unhandled rejection', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    let release!: () => void;
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const { internals, job, updates, settle } = queueWithFailingUpdates(
      () =>
        new Promise<RenderOutput>((resolve) => {
          release = () => resolve(OUTPUT);
          markStarted();
        }),
    );
    const done = internals.process(job).catch(() => undefined);
    await started;
    jest.advanceTimersByTime(20_000);
    const renewal = updates[0];
    release();
    await done;
    const observed = renewal?.observed;
    settle();
    expect(observed).toBe(true);
  });

  it('should keep a worker whose job result cannot be stored from rejecting unhandled', async () => {
    const { queue, internals, job, settle } = queueWithFailingUpdates(async () => OUTPUT);
    let claims = 0;
    internals.claim = async () => (claims++ === 0 ? job : null);
    internals.stopped = false;
    await internals.fill();
    const work = [...internals.active];
    expect(work).toHaveLength(1);
    const outcome = await Promise.allSettled(work);
    await queue.onModuleDestroy();
    settle();
    expect(outcome[0].status).toBe('fulfilled');
  });
});
