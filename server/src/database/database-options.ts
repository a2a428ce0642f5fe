import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AlertAuditEntity } from '../alerts/alert-audit.entity';
import { AlertDeliveryEntity } from '../alerts/alert-delivery.entity';
import { AlertEntity } from '../alerts/alert.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { UserEntity } from '../auth/user.entity';
import type { AppConfig } from '../config/app-config';
import { ContentEntity } from '../contents/content.entity';
import { RevisionEntity } from '../contents/revision.entity';
import { DeviceCommandEntity } from '../devices/device-command.entity';
import { DeviceEntity } from '../devices/device.entity';
import { RecordingEntity } from '../media/recording.entity';
import { RenderAnnouncementEntity } from '../media/render-announcement.entity';
import { PlaylistRequestEntity } from '../playlists/playlist-request.entity';
import { RenderJobEntity } from '../media/render-job.entity';
import { RenditionEntity } from '../media/rendition.entity';
import { LeaderLeaseEntity } from '../leader/leader-lease.entity';
import { DevicePlaylistEntity } from '../playlists/device-playlist.entity';
import { PlayLogEntity } from '../playlogs/play-log.entity';
import { RegionEntity } from '../regions/region.entity';
import { ReportFileEntity } from '../reports/scheduled/report-file.entity';
import { AiringEntity } from '../reports/airing.entity';
import { AlertPlaybackEntity } from '../reports/alert-playback.entity';
import { DayRollupEntity, RolledDayEntity } from '../reports/day-rollup.entity';
import { DeviceTransitionEntity } from '../reports/device-transition.entity';
import { PlannedAiringEntity } from '../reports/planned-airing.entity';
import { ReachAiringRollupEntity, ReachPlanRollupEntity } from '../reports/reach-rollup.entity';
import { ScheduleEntity } from '../schedules/schedule.entity';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { usePgUtcTimestamps } from './pg-utc-timestamps';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';
import { sqliteDriver } from './sqlite-driver';

export const ENTITIES = [
  UserEntity,
  RegionEntity,
  DeviceEntity,
  DeviceCommandEntity,
  ContentEntity,
  RevisionEntity,
  RenditionEntity,
  RenderJobEntity,
  RecordingEntity,
  ScheduleEntity,
  DevicePlaylistEntity,
  PlayLogEntity,
  AlertEntity,
  AlertDeliveryEntity,
  AlertAuditEntity,
  AuditEntryEntity,
  PlannedAiringEntity,
  AiringEntity,
  DeviceTransitionEntity,
  AlertPlaybackEntity,
  DayRollupEntity,
  RolledDayEntity,
  ReachPlanRollupEntity,
  ReachAiringRollupEntity,
  ReportFileEntity,
  LeaderLeaseEntity,
  RenderAnnouncementEntity,
  PlaylistRequestEntity,
];

/** The SQLite database file inside the data dir. */
export function sqliteFile(dataDir: string): string {
  return path.join(dataDir, 'sunshine.sqlite');
}

/** Where automatic (before-migration) and `npm run backup` copies of the SQLite database go. */
export function backupDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

/**
 * SQLite file under the data dir by default; `DATABASE_URL=postgres://…` switches to PostgreSQL. Entities use
 * only portable column types, so the entities are the same on both; the migrations (SQL) differ. The schema is
 * made by migrations only (migrateDatabase, before the app serves), never by `synchronize`.
 */
export function databaseOptions(config: AppConfig): TypeOrmModuleOptions {
  if (config.databaseUrl) {
    // loadConfig already refuses other schemes; never fall back to SQLite when a database was named.
    if (!/^postgres(ql)?:\/\//.test(config.databaseUrl)) throw new Error('DATABASE_URL 只支持 postgres:// 或 postgresql://');
    usePgUtcTimestamps();
    return { type: 'postgres', url: config.databaseUrl, entities: ENTITIES, migrations: POSTGRES_MIGRATIONS, synchronize: false, migrationsRun: false };
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  return {
    type: 'sqlite',
    driver: sqliteDriver,
    database: sqliteFile(config.dataDir),
    entities: ENTITIES,
    migrations: SQLITE_MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    // WAL lets the API read while play logs are being written; busy timeout rides out short write locks.
    enableWAL: true,
    busyTimeout: 5000,
  };
}
