import { Inject, Injectable } from '@nestjs/common';
import type { FfmpegBinaries } from '@sunshine/media';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { mkdir, statfs, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LeaderService } from '../leader/leader.service';
import { FFMPEG_BINARIES } from '../media/media-deps';
import { MqttBus } from '../mqtt/mqtt-bus';
import { DependencyCheck, DiskFacts, healthVerdict, mediaStoreCheck } from './health-verdict';
import { HealthResponse } from './health.response';

/** A hung database must make the check fail, not hang the monitor's request. */
const DB_TIMEOUT_MS = 3_000;

/** Asks each dependency for real: a query, the broker connection, a probe file written into the media store. */
@Injectable()
export class HealthService {
  private readonly mediaDir: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bus: MqttBus,
    private readonly leader: LeaderService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(FFMPEG_BINARIES) private readonly ffmpeg: FfmpegBinaries,
  ) {
    this.mediaDir = config.mediaDir;
  }

  async report(version: string): Promise<{ httpStatus: number; body: HealthResponse }> {
    const [database, disk] = await Promise.all([this.checkDatabase(), this.diskFacts()]);
    const mqtt: DependencyCheck = this.bus.connected ? { name: 'mqtt', ok: true } : { name: 'mqtt', ok: false, problem: '未连接消息服务器' };
    const media = mediaStoreCheck(disk, this.config.healthMinFreeBytes);
    const checks = [database, mqtt, media];
    const verdict = healthVerdict(checks);
    return {
      httpStatus: verdict.httpStatus,
      body: {
        status: verdict.status,
        version,
        database: database.ok,
        mqtt: mqtt.ok,
        mediaStore: media.ok,
        mediaStoreFreeBytes: disk.freeBytes,
        down: verdict.down,
        checks,
        role: this.leader.role(),
        renderWorkers: this.config.renderWorkers,
        ffmpeg: { path: this.ffmpeg.ffmpeg.path, source: this.ffmpeg.ffmpeg.source, version: this.ffmpeg.ffmpeg.version ?? null },
        ffprobe: { path: this.ffmpeg.ffprobe.path, source: this.ffmpeg.ffprobe.source, version: this.ffmpeg.ffprobe.version ?? null },
      },
    };
  }

  private async checkDatabase(): Promise<DependencyCheck> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${DB_TIMEOUT_MS / 1000} 秒内无响应`)), DB_TIMEOUT_MS)));
    try {
      await Promise.race([this.db.query('SELECT 1'), timeout]);
      return { name: 'database', ok: true };
    } catch (err) {
      return { name: 'database', ok: false, problem: `数据库不可用：${(err as Error).message}` };
    } finally {
      clearTimeout(timer);
    }
  }

  private async diskFacts(): Promise<DiskFacts> {
    const probe = path.join(this.mediaDir, `.health-${process.pid}-${randomBytes(4).toString('hex')}`);
    let writable = true;
    let writeError: string | undefined;
    try {
      await mkdir(this.mediaDir, { recursive: true });
      await writeFile(probe, 'ok');
      await unlink(probe);
    } catch (err) {
      writable = false;
      writeError = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    }
    const freeBytes = await statfs(this.mediaDir).then(
      (s) => s.bavail * s.bsize,
      () => null,
    );
    return { writable, freeBytes, writeError };
  }
}
