/**
 * Two API processes behind one database: an operator's request that reaches the standby is handed to the leader,
 * which alone compiles and publishes it. Real SQLite; the leader's role, the renditions and the signed publisher are
 * stand-ins, and the leader's poll is called by hand (no scheduler, no waiting).
 */
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test, TestingModule } from '@nestjs/testing';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import type { PlaylistPayload, SignedPayloadBase } from '@sunshine/playlists';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Repository } from 'typeorm';
import { SystemClock } from '../common/clock';
import { loadConfig } from '../config/app-config';
import { CoreModule } from '../config/core.module';
import { ContentEntity } from '../contents/content.entity';
import { RevisionEntity } from '../contents/revision.entity';
import { databaseModule } from '../database/database.module';
import { DeviceEntity } from '../devices/device.entity';
import { LeaderService } from '../leader/leader.service';
import { RenditionsService } from '../media/renditions.service';
import { ReportRecorder } from '../reports/report-recorder.service';
import { ScheduleEntity } from '../schedules/schedule.entity';
import { SignedPublisher } from '../signing/signed-publisher.service';
import { DevicePlaylistEntity } from './device-playlist.entity';
import { PlaylistRequestEntity } from './playlist-request.entity';
import { PlaylistsService } from './playlists.service';

jest.setTimeout(30_000);

const CONTENT = '00000000-0000-4000-8000-0000000000c2';
const REVISION = '00000000-0000-4000-8000-0000000000b1';
const SCHEDULE = '00000000-0000-4000-8000-000000000052';

describe('PlaylistsService on a standby', () => {
  let app: TestingModule;
  let service: PlaylistsService;
  let requests: Repository<PlaylistRequestEntity>;
  let schedules: Repository<ScheduleEntity>;
  const role = { leader: false };
  const published: Array<{ topic: string; payload: PlaylistPayload }> = [];
  const cleared: string[] = [];
  let seq = 0;

  const publisherStub = {
    stamp: (ttlMs: number): SignedPayloadBase => ({ issuedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + ttlMs).toISOString(), seq: ++seq }),
    publish: async (topic: string, payload: PlaylistPayload) => {
      published.push({ topic, payload });
      return { payload, sig: 'stub', keyId: 'stub', alg: 'Ed25519' };
    },
    clearRetained: async (topic: string) => {
      cleared.push(topic);
    },
  };
  const renditionsStub = {
    doneFor: async (ids: string[], profile: string) =>
      new Map(ids.filter((id) => id === REVISION && profile === 'speaker').map((id) => [id, { revisionId: id, sha256: 'a'.repeat(64), ext: 'mp3', size: 1000, durationMs: 5000, mime: 'audio/mpeg' }])),
  };

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-standby-')) }, []);
    app = await Test.createTestingModule({
      imports: [
        CoreModule.forRoot(config, new SystemClock()),
        EventEmitterModule.forRoot(),
        databaseModule(config),
        TypeOrmModule.forFeature([DeviceEntity, ScheduleEntity, ContentEntity, RevisionEntity, DevicePlaylistEntity, PlaylistRequestEntity]),
      ],
      providers: [
        PlaylistsService,
        ReportRecorder,
        { provide: LeaderService, useValue: { isLeader: () => role.leader } },
        { provide: RenditionsService, useValue: renditionsStub },
        { provide: SignedPublisher, useValue: publisherStub },
      ],
    }).compile();
    await app.init();
    service = app.get(PlaylistsService);
    requests = app.get(getRepositoryToken(PlaylistRequestEntity));
    schedules = app.get(getRepositoryToken(ScheduleEntity));
    await app.get<Repository<DeviceEntity>>(getRepositoryToken(DeviceEntity)).save({
      id: 'spk-1', name: '喇叭', kind: 'speaker', profile: 'speaker', regionCode: '510811100201', tags: [], quietHours: [],
      openingHours: [{ from: '00:00', until: '12:00' }, { from: '12:00', until: '00:00' }], tokenHash: 'x', active: true, online: false, lastSeenAt: null, state: null,
    });
    await app.get<Repository<RevisionEntity>>(getRepositoryToken(RevisionEntity)).save({
      id: REVISION, contentId: CONTENT, number: 1, title: '停水通知', body: '明天停水', voice: 'espeak:cmn', rate: 1, department: '栖凤区水务局',
      validFrom: null, validUntil: null, sourceUrl: null, authorId: 'editor', reviewState: 'approved', reviewerId: 'reviewer', reviewedAt: new Date(), reviewComment: null,
    });
    await app.get<Repository<ContentEntity>>(getRepositoryToken(ContentEntity)).save({
      id: CONTENT, kind: 'notice', status: 'approved', latestRevisionId: REVISION, approvedRevisionId: REVISION, createdBy: 'editor',
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('should hand a new schedule to the leader: nothing published on the standby, published once by the leader', async () => {
    const schedule = await schedules.save({
      id: SCHEDULE, contentId: CONTENT, revisionId: REVISION, targets: { deviceIds: ['spk-1'] }, slots: { mode: 'loop' },
      windowFrom: null, windowUntil: null, priority: 'loop', repeat: 1, active: true, createdBy: 'editor',
    });
    const report = await service.recompileForSchedule(schedule);
    expect(report).toEqual({ deviceIds: ['spk-1'], published: [], conflicts: [] });
    expect(published).toEqual([]);
    expect(await requests.find()).toEqual([expect.objectContaining({ kind: 'recompile', deviceIds: ['spk-1'] })]);

    // The standby's own poll leaves the request alone.
    await service.pollRequests();
    expect(published).toEqual([]);
    expect(await requests.count()).toBe(1);

    role.leader = true;
    await service.pollRequests();
    expect(published.map((p) => [p.topic, p.payload.loop.map((l) => l.revisionId)])).toEqual([['sunshine/v1/devices/spk-1/playlist', [REVISION]]]);
    expect(await requests.count()).toBe(0);

    await service.pollRequests();
    expect(published).toHaveLength(1);
  });

  it('should hand a withdrawal to the leader, in order after the standby’s earlier requests', async () => {
    role.leader = false;
    await service.recompile(['spk-1']);
    await service.withdraw(['spk-1']);
    expect(cleared).toEqual([]);
    expect((await requests.find({ order: { id: 'ASC' } })).map((r) => r.kind)).toEqual(['recompile', 'withdraw']);

    role.leader = true;
    await service.pollRequests();
    expect(cleared).toEqual(['sunshine/v1/devices/spk-1/playlist']);
    expect(await service.current('spk-1')).toBeNull();
    expect(published).toHaveLength(1);
    expect(await requests.count()).toBe(0);
  });
});
