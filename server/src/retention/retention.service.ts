import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DataSource, FindOptionsWhere, In, IsNull, LessThan, Not, ObjectLiteral, Repository } from 'typeorm';
import { AlertDeliveryEntity } from '../alerts/alert-delivery.entity';
import { AlertEntity } from '../alerts/alert.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RecordingEntity } from '../media/recording.entity';
import { RenderJobEntity } from '../media/render-job.entity';
import { RenditionEntity } from '../media/rendition.entity';
import { DevicePlaylistEntity } from '../playlists/device-playlist.entity';
import { PlayLogEntity } from '../playlogs/play-log.entity';
import { planMediaGc, retentionCutoffs, sha256sIn, UnreferencedSince } from './retention-policy';

/** Rows per DELETE: short transactions, so ingest and the API are never blocked for long (and under SQLite's 999 variables). */
const BATCH = 500;
/** Alerts whose deliveries go in one statement (a county-wide alert has one row per device). */
const ALERT_BATCH = 20;

export interface RetentionReport {
  playLogs: number;
  renderJobs: number;
  alertDeliveries: number;
  audit: number;
  mediaFiles: number;
  mediaBytes: number;
}

/** The daily clean-up: old rows in batches, then media files nothing has referenced for MEDIA_GC_DAYS. */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');
  private running: Promise<RetentionReport> | null = null;
  private readonly mediaDir: string;
  private readonly stateFile: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.mediaDir = path.join(config.dataDir, 'media');
    this.stateFile = path.join(config.dataDir, 'media-gc.json');
  }

  /** 03:30 server time: after the evening broadcasts, before the morning ones. */
  @Cron('0 30 3 * * *', { name: 'retention' })
  async daily(): Promise<void> {
    await this.run().catch((e: Error) => this.logger.error(`数据清理失败：${e.message}`));
  }

  /** One run at a time; a second call while one is in progress gets the same result. */
  run(): Promise<RetentionReport> {
    this.running ??= this.runOnce().finally(() => (this.running = null));
    return this.running;
  }

  private async runOnce(): Promise<RetentionReport> {
    const cut = retentionCutoffs(this.clock.nowMs(), this.config.retention);
    const report: RetentionReport = {
      playLogs: await this.deleteBatched(this.db.getRepository(PlayLogEntity), { startedAt: LessThan(cut.playLogs) }),
      // Only finished jobs: a queued or running one is work, whatever its age.
      renderJobs: await this.deleteBatched(this.db.getRepository(RenderJobEntity), { status: In(['done', 'failed']), updatedAt: LessThan(cut.renderJobs) }),
      alertDeliveries: await this.deleteAlertDeliveries(cut.alertDeliveries),
      audit: await this.deleteBatched(this.db.getRepository(AuditEntryEntity), { at: LessThan(cut.audit) }),
      ...(await this.collectMedia()),
    };
    const total = report.playLogs + report.renderJobs + report.alertDeliveries + report.audit + report.mediaFiles;
    if (total > 0) {
      this.logger.log(
        `数据清理完成：播放记录 ${report.playLogs} 条、渲染任务 ${report.renderJobs} 条、应急广播回执 ${report.alertDeliveries} 条、审计日志 ${report.audit} 条、` +
          `媒体文件 ${report.mediaFiles} 个（${(report.mediaBytes / 1024 / 1024).toFixed(1)} MB）`,
      );
    }
    return report;
  }

  private async deleteBatched<T extends ObjectLiteral & { id: string }>(repo: Repository<T>, where: FindOptionsWhere<T>): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await repo.find({ select: { id: true } as never, where, take: BATCH });
      if (rows.length === 0) return total;
      await repo.delete({ id: In(rows.map((r) => r.id)) } as never);
      total += rows.length;
      if (rows.length < BATCH) return total;
      await new Promise((r) => setImmediate(r)); // let requests and ingest in between batches
    }
  }

  /** Deliveries of alerts that are over (never of one still on air or awaiting confirmation). */
  private async deleteAlertDeliveries(cutoff: Date): Promise<number> {
    const alerts = await this.db.getRepository(AlertEntity).find({
      select: { id: true },
      where: { createdAt: LessThan(cutoff), status: Not(In(['active', 'pending-confirmation'])) },
    });
    const deliveries = this.db.getRepository(AlertDeliveryEntity);
    let total = 0;
    for (let i = 0; i < alerts.length; i += ALERT_BATCH) {
      const res = await deliveries.delete({ alertId: In(alerts.slice(i, i + ALERT_BATCH).map((a) => a.id)) });
      total += res.affected ?? 0;
    }
    return total;
  }

  private async collectMedia(): Promise<{ mediaFiles: number; mediaBytes: number }> {
    const files = await this.storedFiles();
    const plan = planMediaGc([...files.keys()], await this.referencedSha256s(), await this.readState(), this.clock.nowMs(), this.config.retention.mediaUnreferencedDays);
    let mediaBytes = 0;
    let mediaFiles = 0;
    for (const name of plan.remove) {
      const file = files.get(name)!;
      try {
        const { size } = await stat(file);
        await unlink(file);
        mediaFiles++;
        mediaBytes += size;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn(`无法删除媒体文件 ${name}：${(err as Error).message}`);
      }
    }
    if (plan.remove.length > 0) this.logger.log(`已删除 ${mediaFiles} 个 ${this.config.retention.mediaUnreferencedDays} 天无人引用的媒体文件：${plan.remove.slice(0, 5).join('、')}${plan.remove.length > 5 ? ' 等' : ''}`);
    await this.writeState(plan.next);
    return { mediaFiles, mediaBytes };
  }

  /** name → absolute path of every `<sha256>.<ext>` under the store's two-letter folders. */
  private async storedFiles(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const dirs = await readdir(this.mediaDir, { withFileTypes: true }).catch(() => []);
    for (const d of dirs) {
      if (!d.isDirectory() || !/^[0-9a-f]{2}$/.test(d.name)) continue;
      for (const f of await readdir(path.join(this.mediaDir, d.name)).catch(() => [] as string[])) out.set(f, path.join(this.mediaDir, d.name, f));
    }
    return out;
  }

  /** Renditions, recordings, published playlists and alerts: whatever a device or an operator may still ask for. */
  private async referencedSha256s(): Promise<Set<string>> {
    const refs = new Set<string>();
    for (const r of await this.db.getRepository(RenditionEntity).find({ select: { sha256: true }, where: { sha256: Not(IsNull()) } })) refs.add(r.sha256!);
    for (const r of await this.db.getRepository(RecordingEntity).find({ select: { sha256: true } })) refs.add(r.sha256);
    for (const p of await this.db.getRepository(DevicePlaylistEntity).find({ select: { envelope: true } })) for (const s of sha256sIn(p.envelope)) refs.add(s);
    for (const a of await this.db.getRepository(AlertEntity).find({ select: { media: true } })) for (const s of sha256sIn(a.media)) refs.add(s);
    return refs;
  }

  private async readState(): Promise<UnreferencedSince> {
    try {
      return JSON.parse(await readFile(this.stateFile, 'utf8')) as UnreferencedSince;
    } catch {
      return {}; // first run, or a damaged file: the grace period simply starts again
    }
  }

  private async writeState(state: UnreferencedSince): Promise<void> {
    const tmp = `${this.stateFile}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, JSON.stringify(state));
    await rename(tmp, this.stateFile);
  }
}
