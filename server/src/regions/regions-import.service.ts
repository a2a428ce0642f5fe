import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { parentOf } from '@sunshine/devices';
import { In, Repository } from 'typeorm';
import { AppError, ErrorCode } from '../common/app-error';
import { parseCsv, RowProblem } from '../common/csv';
import { RegionEntity } from './region.entity';
import { validateRegionRows } from './region-csv';

export interface RegionImportResult {
  ok: boolean;
  dryRun: boolean;
  created: number;
  updated: number;
  problems: RowProblem[];
}

const PROBLEMS_IN_MESSAGE = 10;
const CHUNK = 500;

/**
 * Imports a county's division codes from CSV, all or nothing. Used by `POST /api/regions/import` and callable
 * from a setup CLI (`import(csvText)`): codes already present are renamed, new ones inserted in one transaction.
 */
@Injectable()
export class RegionsImportService {
  private readonly logger = new Logger('Regions');

  constructor(@InjectRepository(RegionEntity) private readonly regions: Repository<RegionEntity>) {}

  /** Throws REGION_CSV_INVALID naming every bad line unless `dryRun`, which reports instead. */
  async import(csvText: string, opts: { dryRun?: boolean } = {}): Promise<RegionImportResult> {
    const dryRun = opts.dryRun ?? false;
    const parsed = parseCsv(csvText);
    // Any 6- or 12-digit field, whichever alias the code column goes by; names are never all digits.
    const codes = parsed.rows.flatMap((r) => Object.values(r.fields)).filter((v) => /^\d{6}(\d{6})?$/.test(v));
    const existing = await this.existing(expandWithParents(codes));
    const checked = validateRegionRows(parsed.header, parsed.rows, existing);
    const problems = [...parsed.problems, ...checked.problems].sort((a, b) => a.line - b.line);
    if (problems.length === 0 && checked.regions.length === 0) problems.push({ line: 2, reason: '没有任何区划行' });
    const updated = checked.regions.filter((r) => existing.has(r.code)).length;
    const result = { ok: problems.length === 0, dryRun, created: checked.regions.length - updated, updated, problems };
    if (dryRun) return result;
    if (problems.length > 0) {
      const shown = problems.slice(0, PROBLEMS_IN_MESSAGE).map((p) => `第 ${p.line} 行：${p.reason}`);
      const more = problems.length > PROBLEMS_IN_MESSAGE ? `……共 ${problems.length} 个问题` : '';
      throw AppError.badRequest(ErrorCode.RegionCsvInvalid, `区划文件有问题，未导入任何区划。${shown.join('；')}${more}`, { problems });
    }
    await this.regions.manager.transaction(async (tx) => {
      const rows = checked.regions.map(({ code, name, level, parentCode }) => ({ code, name, level, parentCode }));
      for (let i = 0; i < rows.length; i += CHUNK) await tx.upsert(RegionEntity, rows.slice(i, i + CHUNK), ['code']);
    });
    this.logger.log(`导入行政区划：新增 ${result.created} 个，更新 ${result.updated} 个`);
    return result;
  }

  private async existing(codes: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < codes.length; i += CHUNK) {
      for (const r of await this.regions.find({ where: { code: In(codes.slice(i, i + CHUNK)) }, select: { code: true } })) out.add(r.code);
    }
    return out;
  }
}

/** Every (12-digit) code named and its parent: the rows the validator may ask the database about. */
function expandWithParents(raw: string[]): string[] {
  const out = new Set<string>();
  for (const r of raw) {
    const code = r.length === 6 ? `${r}000000` : r;
    out.add(code);
    try {
      const p = parentOf(code);
      if (p) out.add(p);
    } catch {
      // An invalid code: the validator reports it.
    }
  }
  return [...out];
}
