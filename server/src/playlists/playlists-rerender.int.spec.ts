/**
 * While an edited notice's new revision is still rendering, devices keep the previously approved one: any recompile
 * in that window (another rendition ready, the hourly roll-forward) must not publish a playlist without the item.
 * Real SQLite; the renditions and the signed publisher are stand-ins so the render state can be set by hand.
 */
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test, TestingModule } from '@nestjs/testing';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import type { PlaylistPayload, SignedPayloadBase } from '@sunshine/playlists';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { loadConfig } from '../config/app-config';
import { CoreModule } from '../config/core.module';
import { ContentEntity } from '../contents/content.entity';
import { RevisionEntity } from '../contents/revision.entity';
import { databaseModule } from '../database/database.module';
import { DeviceEntity } from '../devices/device.entity';
import { LeaderService } from '../leader/leader.service';
import { RenditionsService } from '../media/renditions.service';
import { ScheduleEntity } from '../schedules/schedule.entity';
import { SignedPublisher } from '../signing/signed-publisher.service';
import { DevicePlaylistEntity } from './device-playlist.entity';
import { PlaylistRequestEntity } from './playlist-request.entity';
import { PlaylistsService } from './playlists.service';
import { ReportRecorder } from '../reports/report-recorder.service';

jest.setTimeout(30_000);

/** Real time plus a shift the test sets: the service reads it for "now". */
class ShiftedClock extends Clock {
  shiftMs = 0;
  now(): Date {
    return new Date(Date.now() + this.shiftMs);
  }
}

const CONTENT = '00000000-0000-4000-8000-0000000000c1';
const R1 = '00000000-0000-4000-8000-0000000000a1';
const R2 = '00000000-0000-4000-8000-0000000000a2';
const R3 = '00000000-0000-4000-8000-0000000000a3';

interface DoneRendition {
  revisionId: string;
  sha256: string;
  ext: string;
  size: number;
  durationMs: number;
  mime: string;
}

describe('PlaylistsService while a new revision renders', () => {
  let app: TestingModule;
  let service: PlaylistsService;
  let revisions: Repository<RevisionEntity>;
  let contents: Repository<ContentEntity>;
  const done = new Map<string, DoneRendition>();
  const publishedPayloads: PlaylistPayload[] = [];
  let seq = 0;
  const clock = new ShiftedClock();
  let horizonMs = 0;

  const renditionsStub = {
    doneFor: async (ids: string[], profile: string) => new Map([...done].filter(([id]) => ids.includes(id) && profile === 'speaker')),
  };
  const publisherStub = {
    stamp: (ttlMs: number): SignedPayloadBase => ({ issuedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + ttlMs).toISOString(), seq: ++seq }),
    publish: async (_topic: string, payload: PlaylistPayload) => {
      publishedPayloads.push(payload);
      return { payload, sig: 'stub', keyId: 'stub', alg: 'Ed25519' };
    },
  };

  function revision(id: string, number: number, reviewState: RevisionEntity['reviewState'], reviewed: boolean): Partial<RevisionEntity> {
    return {
      id, contentId: CONTENT, number, title: `停水通知（第${number}版）`, body: `第${number}版`, voice: 'espeak:cmn', rate: 1, department: '栖凤区水务局',
      validFrom: null, validUntil: null, sourceUrl: null, authorId: 'editor', reviewState,
      reviewerId: reviewed ? 'reviewer' : null, reviewedAt: reviewed ? new Date() : null, reviewComment: null,
    };
  }

  function rendered(revisionId: string, sha: string): void {
    done.set(revisionId, { revisionId, sha256: sha.repeat(64), ext: 'mp3', size: 1000, durationMs: 5000, mime: 'audio/mpeg' });
  }

  const loopOf = (p: PlaylistPayload | undefined) => p?.loop.map((l) => ({ revisionId: l.revisionId, sha256: l.media.sha256, title: l.title }));

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-rerender-')) }, []);
    app = await Test.createTestingModule({
      imports: [
        CoreModule.forRoot(config, clock),
        EventEmitterModule.forRoot(),
        databaseModule(config),
        TypeOrmModule.forFeature([DeviceEntity, ScheduleEntity, ContentEntity, RevisionEntity, DevicePlaylistEntity, PlaylistRequestEntity]),
      ],
      providers: [PlaylistsService, ReportRecorder, { provide: LeaderService, useValue: { isLeader: () => true } }, { provide: RenditionsService, useValue: renditionsStub }, { provide: SignedPublisher, useValue: publisherStub }],
    }).compile();
    await app.init();
    horizonMs = config.playlistHorizonMs;
    service = app.get(PlaylistsService);
    revisions = app.get(getRepositoryToken(RevisionEntity));
    contents = app.get(getRepositoryToken(ContentEntity));
    await app.get<Repository<DeviceEntity>>(getRepositoryToken(DeviceEntity)).save({
      id: 'spk-1', name: '喇叭', kind: 'speaker', profile: 'speaker', regionCode: '510811100201', tags: [], quietHours: [],
      openingHours: [{ from: '00:00', until: '12:00' }, { from: '12:00', until: '00:00' }], tokenHash: 'x', active: true, online: false, lastSeenAt: null, state: null,
    });
    await revisions.save([revision(R1, 1, 'approved', true)]);
    await contents.save({ id: CONTENT, kind: 'notice', status: 'approved', latestRevisionId: R1, approvedRevisionId: R1, createdBy: 'editor' });
    await app.get<Repository<ScheduleEntity>>(getRepositoryToken(ScheduleEntity)).save({
      id: '00000000-0000-4000-8000-000000000051', contentId: CONTENT, revisionId: R1, targets: { deviceIds: ['spk-1'] }, slots: { mode: 'loop' },
      windowFrom: null, windowUntil: null, priority: 'loop', repeat: 1, active: true, createdBy: 'editor',
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('should keep the previously approved revision in the loop when the newly approved one has no rendition yet', async () => {
    rendered(R1, 'a');
    await service.recompile(['spk-1']);
    expect(loopOf(publishedPayloads.at(-1))).toEqual([{ revisionId: R1, sha256: 'a'.repeat(64), title: '停水通知（第1版）' }]);

    // Revision 2 approved; its render has not finished when something else recompiles the device.
    await revisions.save([revision(R1, 1, 'superseded', true), revision(R2, 2, 'approved', true)]);
    await contents.update({ id: CONTENT }, { latestRevisionId: R2, approvedRevisionId: R2 });
    const before = publishedPayloads.length;
    const report = await service.recompile(['spk-1']);
    expect(report.published).toEqual([]);
    expect(publishedPayloads).toHaveLength(before);

    rendered(R2, 'b');
    await service.recompile(['spk-1']);
    expect(loopOf(publishedPayloads.at(-1))).toEqual([{ revisionId: R2, sha256: 'b'.repeat(64), title: '停水通知（第2版）' }]);
  });

  it('should not air a superseded draft that was never reviewed when no approved revision is rendered', async () => {
    // Revision 3: a draft superseded without review would be the newest rendered one if drafts counted.
    await revisions.save([revision(R2, 2, 'superseded', true), revision(R3, 3, 'superseded', false)]);
    rendered(R3, 'c');
    const R4 = '00000000-0000-4000-8000-0000000000a4';
    await revisions.save([revision(R4, 4, 'approved', true)]);
    await contents.update({ id: CONTENT }, { latestRevisionId: R4, approvedRevisionId: R4 });
    await service.recompile(['spk-1']);
    expect(loopOf((await service.current('spk-1'))?.envelope.payload as PlaylistPayload)).toEqual([{ revisionId: R2, sha256: 'b'.repeat(64), title: '停水通知（第2版）' }]);
  });

  it('should re-sign an unchanged playlist when half its validity has passed, and not before', async () => {
    await service.recompile(['spk-1']);
    const before = publishedPayloads.length;
    const last = publishedPayloads.at(-1)!;

    clock.shiftMs = horizonMs / 2 - 60_000;
    expect((await service.recompile(['spk-1'])).published).toEqual([]);

    clock.shiftMs = horizonMs / 2 + 60_000;
    expect((await service.recompile(['spk-1'])).published).toEqual(['spk-1']);
    expect(publishedPayloads).toHaveLength(before + 1);
    expect(publishedPayloads.at(-1)!.version).toBe(last.version);
    expect(publishedPayloads.at(-1)!.seq).toBeGreaterThan(last.seq);
  });
});
