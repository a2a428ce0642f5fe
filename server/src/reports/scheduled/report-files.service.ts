import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { In, Repository } from 'typeorm';
import type { AuthUser } from '../../auth/auth.decorators';
import { inScope } from '../../auth/scope';
import { AppError, ErrorCode } from '../../common/app-error';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { RegionEntity } from '../../regions/region.entity';
import { contentDisposition } from '../export/content-disposition';
import { REPORT_CONTENT_TYPES, REPORT_FORMATS, ReportExportService } from '../export/report-export.service';
import { ReportFileEntity } from './report-file.entity';
import { CalendarPeriod, periodOf, ReportPeriodKind } from './report-periods';
import { REPORT_SOURCE, type ReportSource } from './report-source';

/** A stored report as the list shows it. */
export interface ReportFileView {
  id: string;
  kind: ReportPeriodKind;
  period: string;
  periodLabel: string;
  regionCode: string;
  regionName: string;
  format: ReportFileEntity['format'];
  bytes: number;
  createdAt: Date;
  fileName: string;
}

const KIND_TITLE: Record<ReportPeriodKind, string> = { month: '播出情况月报', quarter: '播出情况通报' };

/**
 * Generates, stores and serves the monthly and quarterly report files. Files live under DATA_DIR/reports/<region>/
 * with one database row each; generating a period again overwrites its files and rows in place.
 */
@Injectable()
export class ReportFilesService {
  /** Generations run one at a time: the scheduler and an administrator may ask for the same period at once. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectRepository(ReportFileEntity) private readonly files: Repository<ReportFileEntity>,
    @InjectRepository(RegionEntity) private readonly regions: Repository<RegionEntity>,
    @Inject(REPORT_SOURCE) private readonly source: ReportSource,
    private readonly exporter: ReportExportService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'dataDir' | 'timezone'>,
  ) {}

  /** The county the deployment serves (scheduled reports cover it), or null before set-up. */
  async county(): Promise<RegionEntity | null> {
    return this.regions.findOne({ where: { level: 'county' }, order: { code: 'ASC' } });
  }

  period(kind: ReportPeriodKind, key: string): CalendarPeriod {
    const period = periodOf(kind, key, this.config.timezone);
    if (!period) {
      const example = kind === 'month' ? '2026-09' : '2026-Q3';
      throw AppError.badRequest(ErrorCode.ValidationFailed, `报表周期 "${key}" 无效，${kind === 'month' ? '月报' : '季报'}周期应形如 ${example}`);
    }
    return period;
  }

  /** True when every format of this period's report is stored. */
  async complete(kind: ReportPeriodKind, key: string, regionCode: string): Promise<boolean> {
    return (await this.files.count({ where: { kind, period: key, regionCode } })) >= REPORT_FORMATS.length;
  }

  /** Builds the period's report for the region (the county by default) in every format, replacing earlier files. */
  generate(kind: ReportPeriodKind, key: string, regionCode?: string): Promise<ReportFileView[]> {
    const run = this.queue.then(() => this.generateNow(kind, key, regionCode));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async generateNow(kind: ReportPeriodKind, key: string, regionCode?: string): Promise<ReportFileView[]> {
    const period = this.period(kind, key);
    const region = regionCode ? await this.regions.findOneBy({ code: regionCode }) : await this.county();
    if (!region) throw AppError.notFound(ErrorCode.RegionNotFound, regionCode ? `区划 ${regionCode} 不存在` : '尚未设置县（区），无法生成定期报表');
    const doc = await this.source.document({ ...period, regionCode: region.code, regionName: region.name });
    const dir = path.join(this.config.dataDir, 'reports', region.code);
    fs.mkdirSync(dir, { recursive: true });
    const saved: ReportFileEntity[] = [];
    for (const format of REPORT_FORMATS) {
      const { buffer } = await this.exporter.render(doc, format);
      const relative = path.posix.join('reports', region.code, `${kind}-${key}.${format}`);
      // Write then rename: a download running meanwhile gets the old file or the new one, never half of one.
      const target = path.join(this.config.dataDir, relative);
      const temp = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(temp, buffer);
      fs.renameSync(temp, target);
      const row = (await this.files.findOneBy({ kind, period: key, regionCode: region.code, format })) ?? this.files.create({ id: randomUUID(), kind, period: key, regionCode: region.code, format });
      Object.assign(row, { path: relative, bytes: buffer.length, createdAt: this.clock.now() });
      saved.push(await this.files.save(row));
    }
    return saved.map((f) => this.view(f, region.name));
  }

  /** Stored reports the user's scope covers, newest period first. */
  async list(user: Pick<AuthUser, 'scopeRegionCode'>, filter: { kind?: ReportPeriodKind; period?: string } = {}): Promise<ReportFileView[]> {
    const rows = await this.files.find({ where: { ...(filter.kind ? { kind: filter.kind } : {}), ...(filter.period ? { period: filter.period } : {}) } });
    const visible = rows.filter((r) => inScope(user.scopeRegionCode, r.regionCode));
    const names = await this.regionNames(visible.map((r) => r.regionCode));
    const formatOrder = (f: string) => REPORT_FORMATS.indexOf(f as (typeof REPORT_FORMATS)[number]);
    return visible
      .sort((a, b) => b.period.localeCompare(a.period) || a.kind.localeCompare(b.kind) || a.regionCode.localeCompare(b.regionCode) || formatOrder(a.format) - formatOrder(b.format))
      .map((r) => this.view(r, names.get(r.regionCode) ?? r.regionCode));
  }

  /** The stored file as a download with its content type and Chinese file name. */
  async download(id: string, user: Pick<AuthUser, 'scopeRegionCode'>): Promise<StreamableFile> {
    const row = await this.files.findOneBy({ id });
    if (!row) throw AppError.notFound(ErrorCode.ReportFileNotFound, `报表文件 ${id} 不存在`);
    if (!inScope(user.scopeRegionCode, row.regionCode)) throw AppError.forbidden('该报表不在您的管辖范围内', ErrorCode.OutOfScope);
    const file = path.join(this.config.dataDir, row.path);
    if (!fs.existsSync(file)) throw AppError.notFound(ErrorCode.ReportFileNotFound, `报表文件 ${row.path} 已不在数据目录中，请重新生成`);
    const name = (await this.regionNames([row.regionCode])).get(row.regionCode) ?? row.regionCode;
    const data = fs.readFileSync(file);
    return new StreamableFile(data, {
      type: REPORT_CONTENT_TYPES[row.format],
      disposition: contentDisposition(this.view(row, name).fileName),
      length: data.length,
    });
  }

  private view(row: ReportFileEntity, regionName: string): ReportFileView {
    const label = this.period(row.kind, row.period).label;
    return {
      id: row.id,
      kind: row.kind,
      period: row.period,
      periodLabel: label,
      regionCode: row.regionCode,
      regionName,
      format: row.format,
      bytes: row.bytes,
      createdAt: row.createdAt,
      fileName: `${regionName}${label}${KIND_TITLE[row.kind]}.${row.format}`,
    };
  }

  private async regionNames(codes: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(codes)];
    if (unique.length === 0) return new Map();
    return new Map((await this.regions.find({ where: { code: In(unique) } })).map((r) => [r.code, r.name]));
  }
}
