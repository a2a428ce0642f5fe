/**
 * The plan of record against play logs that arrive "early": a device whose clock runs ahead airs a slot the server
 * still sees as future, and a republish of the playlist must not erase that airing's outcome; a play log stored
 * before its slot's plan row exists must count once the row is written. Real SQLite, fixed clock.
 */
import { Test, TestingModule } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { PlayLogEntry, TimelineItem } from '@sunshine/playlists';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { loadConfig } from '../config/app-config';
import { CoreModule } from '../config/core.module';
import { databaseModule } from '../database/database.module';
import { DeviceEntity } from '../devices/device.entity';
import { PlannedAiringEntity } from './planned-airing.entity';
import { ReportRecorder, type PublishedPlan } from './report-recorder.service';

class FixedClock extends Clock {
  constructor(public ms: number) {
    super();
  }
  now(): Date {
    return new Date(this.ms);
  }
}

const NOW = Date.UTC(2026, 6, 1, 2, 0, 0);
const SCHEDULE = '00000000-0000-4000-8000-000000000051';
const CONTENT = '00000000-0000-4000-8000-0000000000c1';
const REVISION = '00000000-0000-4000-8000-0000000000a1';
const REGION = '510811100201';

const startOf = (offsetS: number): string => new Date(NOW + offsetS * 1000).toISOString();
const slotOf = (offsetS: number): string => `${SCHEDULE}:${startOf(offsetS)}`;

function item(offsetS: number): TimelineItem {
  return {
    slotId: slotOf(offsetS), scheduleId: SCHEDULE, contentId: CONTENT, revisionId: REVISION, title: '停水通知', priority: 'timed', startAt: startOf(offsetS), repeat: 1,
    media: { url: '/media/x.mp3', sha256: 'a'.repeat(64), size: 1000, durationMs: 5000, mime: 'audio/mpeg' },
  };
}

function log(id: string, deviceId: string, offsetS: number, outcome: PlayLogEntry['outcome'], reason?: string): PlayLogEntry {
  return {
    id, deviceId, slotId: slotOf(offsetS), scheduleId: SCHEDULE, contentId: CONTENT, revisionId: REVISION, sha256: 'a'.repeat(64),
    startedAt: startOf(offsetS), endedAt: startOf(offsetS + 5), playedMs: outcome === 'completed' ? 5000 : 0, outcome, ...(reason ? { reason } : {}),
  };
}

describe('ReportRecorder plan rows and early play logs', () => {
  let app: TestingModule;
  let recorder: ReportRecorder;
  let db: DataSource;
  const clock = new FixedClock(NOW);
  const schedules = new Map([[SCHEDULE, { contentId: CONTENT, revisionId: REVISION }]]);
  const plan = (deviceId: string, offsets: number[]): PublishedPlan => ({ deviceId, regionCode: REGION, items: offsets.map(item), conflicts: [] });
  const row = (deviceId: string, offsetS: number) => db.manager.findOneOrFail(PlannedAiringEntity, { where: { deviceId, slotId: slotOf(offsetS) } });

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-recorder-')) }, []);
    app = await Test.createTestingModule({
      imports: [CoreModule.forRoot(config, clock), databaseModule(config), TypeOrmModule.forFeature([DeviceEntity])],
      providers: [ReportRecorder],
    }).compile();
    await app.init();
    recorder = app.get(ReportRecorder);
    db = app.get(getDataSourceToken());
    for (const id of ['spk-ahead', 'spk-early', 'spk-gone']) {
      await db.manager.save(DeviceEntity, {
        id, name: '喇叭', kind: 'speaker', profile: 'speaker', regionCode: REGION, tags: [], quietHours: [], openingHours: [], tokenHash: 'x', active: true, online: true, lastSeenAt: null, state: null,
      });
    }
  });

  afterAll(async () => {
    await app?.close();
  });

  it('should keep the outcome of a future slot a device with its clock ahead already aired when the playlist is republished', async () => {
    await recorder.recordPlans([plan('spk-ahead', [60, 120])], schedules);
    await recorder.recordPlayLogs([log('p1', 'spk-ahead', 60, 'completed')]);
    expect((await row('spk-ahead', 60)).outcome).toBe('completed');

    await recorder.recordPlans([plan('spk-ahead', [60, 120])], schedules);

    expect(await row('spk-ahead', 60)).toMatchObject({ outcome: 'completed', playedMs: 5000 });
    expect((await row('spk-ahead', 120)).outcome).toBeNull();
  });

  it('should apply the best outcome of play logs stored before their slot was planned', async () => {
    await recorder.recordPlayLogs([log('e1', 'spk-early', 60, 'failed', 'media-missing'), log('e2', 'spk-early', 60, 'completed'), log('e3', 'spk-early', 120, 'interrupted', 'stopped')]);

    await recorder.recordPlans([plan('spk-early', [60, 120, 180])], schedules);

    expect(await row('spk-early', 60)).toMatchObject({ outcome: 'completed', reason: null, playedMs: 5000, airedAt: new Date(startOf(60)) });
    expect(await row('spk-early', 120)).toMatchObject({ outcome: 'interrupted', reason: 'stopped' });
    expect((await row('spk-early', 180)).outcome).toBeNull();
  });

  it('should keep an aired future slot that a republished plan no longer has, and drop one not aired', async () => {
    await recorder.recordPlans([plan('spk-gone', [60, 120])], schedules);
    await recorder.recordPlayLogs([log('g1', 'spk-gone', 60, 'completed')]);

    await recorder.recordPlans([plan('spk-gone', [180])], schedules);

    expect((await row('spk-gone', 60)).outcome).toBe('completed');
    expect(await db.manager.findOne(PlannedAiringEntity, { where: { deviceId: 'spk-gone', slotId: slotOf(120) } })).toBeNull();
  });
});
