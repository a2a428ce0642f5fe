/**
 * Scheduled reports on fake time and real SQLite: nothing before a period has settled, the county's month and
 * quarter once it has, each once; a period generated again keeps one row per format with the same numbers;
 * the list and downloads follow the user's scope. The report source is a stand-in that counts its calls.
 */
import { Test, TestingModule } from '@nestjs/testing';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { Repository } from 'typeorm';
import { AppError } from '../../common/app-error';
import { Clock } from '../../common/clock';
import { APP_CONFIG, loadConfig } from '../../config/app-config';
import { CoreModule } from '../../config/core.module';
import { databaseModule } from '../../database/database.module';
import { RegionEntity } from '../../regions/region.entity';
import { ReportExportService } from '../export/report-export.service';
import { sampleDocument } from '../export/testing/sample-document';
import type { ReportDocument } from '../report-document';
import { ReportFileEntity } from './report-file.entity';
import { ReportFilesService } from './report-files.service';
import { ReportSchedulerService } from './report-scheduler.service';
import { REPORT_SOURCE, ReportRequest, ReportSource, UnavailableReportSource } from './report-source';

jest.setTimeout(60_000);

class FakeClock extends Clock {
  constructor(public ms: number) {
    super();
  }
  now(): Date {
    return new Date(this.ms);
  }
}

/** A deterministic source: the numbers depend only on the period asked for. */
class CountingSource implements ReportSource {
  requests: ReportRequest[] = [];
  async document(request: ReportRequest): Promise<ReportDocument> {
    this.requests.push(request);
    const doc = sampleDocument(6);
    return { ...doc, title: `${request.regionName}${request.label}播出情况`, unit: request.regionName, periodLabel: request.label, generatedAt: request.to.toISOString() };
  }
}

const COUNTY = '510811000000';
const TOWN = '510811100000';
const HOUR = 3_600_000;
/** 1 October 2026 00:00 in Shanghai: September and Q3 close. */
const Q3_CLOSE = Date.parse('2026-09-30T16:00:00Z');

async function bodyOf(file: { getStream(): Readable }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of file.getStream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('scheduled report files', () => {
  let app: TestingModule;
  let dataDir: string;
  const clock = new FakeClock(Q3_CLOSE + HOUR);
  const source = new CountingSource();
  let scheduler: ReportSchedulerService;
  let files: ReportFilesService;
  let rows: Repository<ReportFileEntity>;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-reports-'));
    const config = loadConfig({ DATA_DIR: dataDir }, []);
    app = await Test.createTestingModule({
      imports: [CoreModule.forRoot(config, clock), databaseModule(config), TypeOrmModule.forFeature([ReportFileEntity, RegionEntity])],
      providers: [ReportFilesService, ReportSchedulerService, ReportExportService, { provide: REPORT_SOURCE, useValue: source }],
    }).compile();
    scheduler = app.get(ReportSchedulerService);
    files = app.get(ReportFilesService);
    rows = app.get(getRepositoryToken(ReportFileEntity));
    await app.get<Repository<RegionEntity>>(getRepositoryToken(RegionEntity)).save([
      { code: COUNTY, name: '栖凤区', level: 'county', parentCode: null },
      { code: TOWN, name: '青莲镇', level: 'town', parentCode: COUNTY },
    ]);
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('waits until the closed period has settled', async () => {
    const made = await scheduler.tick();
    // An hour after the close only August and Q2 are due (settled long ago).
    expect(made.map((f) => f.period).sort()).toEqual(['2026-08', '2026-08', '2026-08', '2026-Q2', '2026-Q2', '2026-Q2']);
  });

  it('makes September and Q3 for the county once they have settled, in CSV, XLSX and PDF', async () => {
    clock.ms = Q3_CLOSE + 2 * HOUR;
    source.requests = [];
    const made = await scheduler.tick();
    expect(made.map((f) => `${f.kind} ${f.period} ${f.format}`)).toEqual([
      'month 2026-09 csv', 'month 2026-09 xlsx', 'month 2026-09 pdf', 'quarter 2026-Q3 csv', 'quarter 2026-Q3 xlsx', 'quarter 2026-Q3 pdf',
    ]);
    expect(source.requests.map((r) => [r.kind, r.key, r.regionCode, r.from.toISOString(), r.to.toISOString()])).toEqual([
      ['month', '2026-09', COUNTY, '2026-08-31T16:00:00.000Z', '2026-09-30T16:00:00.000Z'],
      ['quarter', '2026-Q3', COUNTY, '2026-06-30T16:00:00.000Z', '2026-09-30T16:00:00.000Z'],
    ]);
    for (const f of made) {
      const row = await rows.findOneByOrFail({ id: f.id });
      expect(fs.statSync(path.join(dataDir, row.path)).size).toBe(f.bytes);
      expect(row.path).toBe(`reports/${COUNTY}/${f.kind}-${f.period}.${f.format}`);
    }
    expect(made.find((f) => f.format === 'pdf' && f.kind === 'quarter')!.fileName).toBe('栖凤区2026年第三季度播出情况通报.pdf');
  });

  it('does not make them again on the next hours', async () => {
    clock.ms += 5 * HOUR;
    source.requests = [];
    expect(await scheduler.tick()).toEqual([]);
    expect(source.requests).toEqual([]);
  });

  it('generating a period again replaces its files: same rows, same numbers', async () => {
    const before = await rows.find({ where: { kind: 'quarter', period: '2026-Q3' }, order: { format: 'ASC' } });
    const csvBefore = fs.readFileSync(path.join(dataDir, before.find((r) => r.format === 'csv')!.path));
    clock.ms += HOUR;
    const again = await files.generate('quarter', '2026-Q3');
    const after = await rows.find({ where: { kind: 'quarter', period: '2026-Q3' }, order: { format: 'ASC' } });
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    expect(again.map((f) => f.id).sort()).toEqual(before.map((r) => r.id).sort());
    expect(after.every((r) => r.createdAt.getTime() === clock.ms)).toBe(true);
    expect(fs.readFileSync(path.join(dataDir, after.find((r) => r.format === 'csv')!.path)).equals(csvBefore)).toBe(true);
    expect(await rows.count()).toBe(12);
  });

  it('refuses a period key that does not fit its kind', async () => {
    await expect(files.generate('quarter', '2026-09')).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    await expect(files.generate('month', '2026-13')).rejects.toBeInstanceOf(AppError);
  });

  it('lists newest first and downloads with the content type and a Chinese file name', async () => {
    const list = await files.list({ scopeRegionCode: null });
    expect(list.map((f) => `${f.period} ${f.format}`).slice(0, 3)).toEqual(['2026-Q3 csv', '2026-Q3 xlsx', '2026-Q3 pdf']);
    expect(await files.list({ scopeRegionCode: null }, { kind: 'month', period: '2026-09' })).toHaveLength(3);

    const csv = list.find((f) => f.period === '2026-Q3' && f.format === 'csv')!;
    const download = await files.download(csv.id, { scopeRegionCode: null });
    const headers = download.getHeaders();
    expect(headers.type).toBe('text/csv; charset=utf-8');
    expect(headers.disposition).toContain(`filename*=UTF-8''${encodeURIComponent('栖凤区2026年第三季度播出情况通报.csv')}`);
    const records = parse((await bodyOf(download)).toString('utf8').replace(/^\uFEFF/, '')) as string[][];
    expect(records[0][0]).toBe('村');
    expect(records).toHaveLength(1 + 6 + 1);

    const pdf = list.find((f) => f.period === '2026-Q3' && f.format === 'pdf')!;
    expect((await bodyOf(await files.download(pdf.id, { scopeRegionCode: null }))).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('keeps county reports from a town account', async () => {
    const town = { scopeRegionCode: TOWN };
    expect(await files.list(town)).toEqual([]);
    const any = (await rows.find())[0];
    await expect(files.download(any.id, town)).rejects.toMatchObject({ status: 403, code: 'OUT_OF_SCOPE' });
    await expect(files.download('00000000-0000-4000-8000-000000000000', { scopeRegionCode: null })).rejects.toMatchObject({ status: 404, code: 'REPORT_FILE_NOT_FOUND' });
  });

  it('without a report source it makes nothing and keeps going', async () => {
    const module = await Test.createTestingModule({
      providers: [
        ReportSchedulerService,
        { provide: ReportFilesService, useValue: { county: async () => ({ code: COUNTY, name: '栖凤区' }), complete: async () => false, generate: () => new UnavailableReportSource().document() } },
        { provide: Clock, useValue: clock },
        { provide: APP_CONFIG, useValue: { timezone: 'Asia/Shanghai' } },
      ],
    }).compile();
    await expect(module.get(ReportSchedulerService).tick()).resolves.toEqual([]);
  });
});
