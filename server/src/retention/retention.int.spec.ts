/**
 * The retention run on a real SQLite file and a real media folder: old rows go in batches (only finished render
 * jobs, only deliveries of alerts that are over), recent ones stay; media files go only after MEDIA_GC_DAYS of
 * being referenced by nothing.
 */
import { Test, TestingModule } from '@nestjs/testing';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { AlertDeliveryEntity } from '../alerts/alert-delivery.entity';
import { AlertEntity, type AlertStatus } from '../alerts/alert.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { Clock } from '../common/clock';
import { loadConfig } from '../config/app-config';
import { CoreModule } from '../config/core.module';
import { databaseModule } from '../database/database.module';
import { RenderJobEntity } from '../media/render-job.entity';
import { RenditionEntity } from '../media/rendition.entity';
import { DevicePlaylistEntity } from '../playlists/device-playlist.entity';
import { PlayLogEntity } from '../playlogs/play-log.entity';
import { RetentionService } from './retention.service';

const DAY = 24 * 3600 * 1000;
const NOW = Date.parse('2026-12-05T03:30:00Z');
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
const D = 'd'.repeat(64);

class MovableClock extends Clock {
  constructor(public ms: number) {
    super();
  }
  now(): Date {
    return new Date(this.ms);
  }
}

const ago = (days: number): Date => new Date(NOW - days * DAY);

describe('retention on SQLite', () => {
  let app: TestingModule;
  let db: DataSource;
  let clock: MovableClock;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-retention-'));
    const config = loadConfig({ DATA_DIR: dataDir, RETAIN_PLAY_LOGS_DAYS: '400', RETAIN_RENDER_JOBS_DAYS: '30', RETAIN_ALERT_DELIVERIES_DAYS: '180', RETAIN_AUDIT_DAYS: '1830', MEDIA_GC_DAYS: '30' }, []);
    clock = new MovableClock(NOW);
    app = await Test.createTestingModule({ imports: [CoreModule.forRoot(config, clock), databaseModule(config)], providers: [RetentionService] }).compile();
    await app.init();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const playLog = (id: string, startedAt: Date): Partial<PlayLogEntity> => ({
    id, deviceId: 'spk-1', slotId: null, scheduleId: null, contentId: 'c-1', revisionId: null, sha256: A, startedAt, endedAt: startedAt, playedMs: 1000, outcome: 'completed', reason: null, receivedAt: startedAt,
  });
  const job = (id: string, status: RenderJobEntity['status'], at: Date): Partial<RenderJobEntity> => ({
    id, revisionId: `rev-${id}`, profile: 'speaker', status, force: false, attempts: 1, progress: 0, leaseOwner: null, leaseUntil: null, renditionId: null, error: null, errorCode: null, retryable: false, createdAt: at, updatedAt: at,
  });
  const alert = (id: string, status: AlertStatus, createdAt: Date, media: unknown = null): Partial<AlertEntity> => ({
    id, status, level: 2, title: '演练', text: '演练', voice: 'v', repeat: 1, regionCodes: ['510811'], targetedCount: 1, media: media as AlertEntity['media'], source: 'api', createdBy: null,
    capSender: null, capIdentifier: null, capSent: null, supersedes: [], createdAt, expiresAt: createdAt, publishedAt: createdAt, publishLatencyMs: 1, endedAt: null,
  });
  const delivery = (alertId: string, deviceId: string): Partial<AlertDeliveryEntity> => ({ alertId, deviceId, regionCode: '510811100201', state: 'success', reason: null, targeted: true, answeredAt: null });
  const storeFile = (sha: string, ext: string): string => {
    const p = path.join(dataDir, 'media', sha.slice(0, 2), `${sha}.${ext}`);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, sha);
    return p;
  };

  it('should delete old rows in batches, keep recent ones and never touch live work, then media after the grace period', async () => {
    const old = Array.from({ length: 1_200 }, (_, i) => playLog(`old-${i}`, ago(401)));
    for (let i = 0; i < old.length; i += 200) await db.getRepository(PlayLogEntity).insert(old.slice(i, i + 200));
    await db.getRepository(PlayLogEntity).insert([playLog('edge-old', ago(400.01)), playLog('recent', ago(399))]);
    await db.getRepository(RenderJobEntity).insert([job('j-done', 'done', ago(31)), job('j-failed', 'failed', ago(31)), job('j-queued', 'queued', ago(31)), job('j-new', 'done', ago(29))]);
    await db.getRepository(AlertEntity).insert([alert('al-old', 'expired', ago(181)), alert('al-live', 'active', ago(181)), alert('al-new', 'expired', ago(179), { tone: { sha256: D }, speech: null })]);
    await db.getRepository(AlertDeliveryEntity).insert([delivery('al-old', 'spk-1'), delivery('al-old', 'spk-2'), delivery('al-live', 'spk-1'), delivery('al-new', 'spk-1')]);
    const audit = (id: string, at: Date) => ({ id, at, action: 'login' as AuditEntryEntity['action'], actorId: null, actorName: 'x', ip: null, targetType: null, targetId: null, details: null });
    await db.getRepository(AuditEntryEntity).insert([audit('au-old', ago(1831)), audit('au-new', ago(1829))]);

    // Media: A by a rendition, B by a published playlist, D by an alert; C by nothing.
    await db.getRepository(RenditionEntity).insert({ id: 'r-1', revisionId: 'rev-1', profile: 'speaker', renderKey: 'k', status: 'done', sha256: A, size: 1, durationMs: 1, mime: 'audio/mpeg', ext: 'mp3', voiceId: null, voiceUsed: null, fallback: false, sentences: null, error: null });
    await db.getRepository(DevicePlaylistEntity).insert({ deviceId: 'spk-1', version: 'v1', seq: '1', envelope: { payload: { items: [{ media: { url: `/media/${B}.mp3`, sha256: B } }] } } as never, conflicts: [], publishedAt: ago(1) });
    const files = [storeFile(A, 'mp3'), storeFile(B, 'mp3'), storeFile(C, 'mp3'), storeFile(D, 'mp3')];
    fs.writeFileSync(path.join(dataDir, 'media', 'cc', 'stray.txt'), 'not content-addressed');

    const service = app.get(RetentionService);
    const first = await service.run();
    expect(first).toMatchObject({ playLogs: 1_201, renderJobs: 2, alertDeliveries: 2, audit: 1, mediaFiles: 0 });
    expect((await db.getRepository(PlayLogEntity).find()).map((l) => l.id)).toEqual(['recent']);
    expect((await db.getRepository(RenderJobEntity).find({ order: { id: 'ASC' } })).map((j) => j.id)).toEqual(['j-new', 'j-queued']);
    expect((await db.getRepository(AlertDeliveryEntity).find({ order: { alertId: 'ASC' } })).map((d) => d.alertId)).toEqual(['al-live', 'al-new']);
    expect((await db.getRepository(AuditEntryEntity).find()).map((a) => a.id)).toEqual(['au-new']);
    expect(files.every((f) => fs.existsSync(f))).toBe(true);

    clock.ms = NOW + 30 * DAY - 1;
    expect((await service.run()).mediaFiles).toBe(0);
    clock.ms = NOW + 30 * DAY;
    expect(await service.run()).toMatchObject({ mediaFiles: 1, mediaBytes: 64 });
    expect(files.map((f) => fs.existsSync(f))).toEqual([true, true, false, true]);
    expect(fs.existsSync(path.join(dataDir, 'media', 'cc', 'stray.txt'))).toBe(true);
  });
});
