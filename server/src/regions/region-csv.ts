import { isDivisionCode, levelOf, parentOf, RegionLevel } from '@sunshine/devices';
import type { CsvRow, RowProblem } from '../common/csv';

export interface RegionRow {
  line: number;
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export const MAX_REGION_NAME_LENGTH = 64;

/** Header names a county's spreadsheet may use, English or Chinese. */
const COLUMN_ALIASES: Record<'code' | 'name' | 'level', readonly string[]> = {
  code: ['code', '代码', '区划代码', '统计用区划代码'],
  name: ['name', '名称', '区划名称'],
  level: ['level', '级别', '层级'],
};

/** Level words as they appear in the statistics bureau's tables and in English. */
const LEVEL_WORDS: Record<string, RegionLevel> = {
  province: 'province', 省: 'province', 省级: 'province',
  city: 'city', 市: 'city', 地级: 'city', 市级: 'city',
  county: 'county', 县: 'county', 县级: 'county', 区县: 'county',
  town: 'town', 乡: 'town', 镇: 'town', 乡镇: 'town', 乡级: 'town', 街道: 'town',
  village: 'village', 村: 'village', 村级: 'village', 社区: 'village', 村居: 'village',
};

export const LEVEL_NAMES: Record<RegionLevel, string> = { province: '省级', city: '地级', county: '县级', town: '乡级', village: '村级' };

/**
 * A 12-digit statistical code, or a 6-digit GB/T 2260 code for a county or above (padded with six zeros), or
 * null when it is neither.
 */
export function normaliseRegionCode(raw: string): string | null {
  const code = /^\d{6}$/.test(raw) ? `${raw}000000` : raw;
  return isDivisionCode(code) ? code : null;
}

export function parseLevel(raw: string): RegionLevel | null {
  return LEVEL_WORDS[raw.trim().toLowerCase()] ?? null;
}

/**
 * Validates a division-code CSV (code, name, level) against itself and the codes already in the database:
 * code shape, level matching the code, duplicates, and a parent that exists in the file or the database. Every
 * problem of every row is reported with its line. Codes already in the database are renamed, not duplicated.
 */
export function validateRegionRows(
  header: readonly string[],
  rows: readonly CsvRow[],
  existing: ReadonlySet<string>,
): { regions: RegionRow[]; problems: RowProblem[] } {
  const column = (k: keyof typeof COLUMN_ALIASES): string | undefined => header.find((h) => COLUMN_ALIASES[k].includes(h.toLowerCase()));
  const codeCol = column('code');
  const nameCol = column('name');
  const levelCol = column('level');
  const missing = [codeCol ? null : 'code（代码）', nameCol ? null : 'name（名称）'].filter((x) => x !== null);
  if (missing.length > 0) return { regions: [], problems: [{ line: 1, reason: `缺少必填列：${missing.join('、')}` }] };

  const problems: RowProblem[] = [];
  const firstLine = new Map<string, number>();
  const candidates: RegionRow[] = [];
  for (const { line, fields } of rows) {
    const reasons: string[] = [];
    const rawCode = (fields[codeCol!] ?? '').trim();
    const code = normaliseRegionCode(rawCode);
    if (code === null) reasons.push(`区划代码“${rawCode}”无效：应为 12 位统计用区划代码（县级及以上也可用 6 位 GB/T 2260 代码）`);
    const name = (fields[nameCol!] ?? '').trim();
    if (!name) reasons.push('名称不能为空');
    else if (name.length > MAX_REGION_NAME_LENGTH) reasons.push(`名称超过 ${MAX_REGION_NAME_LENGTH} 个字符`);
    const rawLevel = levelCol ? (fields[levelCol] ?? '').trim() : '';
    const given = rawLevel === '' ? null : parseLevel(rawLevel);
    if (rawLevel !== '' && given === null) reasons.push(`级别“${rawLevel}”无效：应为 province/city/county/town/village 或 省/市/县/乡/村`);
    let level: RegionLevel | null = null;
    if (code !== null) {
      level = levelOf(code);
      if (given !== null && given !== level) reasons.push(`级别“${rawLevel}”与代码不符：${code} 是${LEVEL_NAMES[level]}代码`);
      const first = firstLine.get(code);
      if (first !== undefined) reasons.push(`区划代码 ${code} 与第 ${first} 行重复`);
      else firstLine.set(code, line);
    }
    if (reasons.length > 0) {
      problems.push(...reasons.map((reason) => ({ line, reason })));
      continue;
    }
    candidates.push({ line, code: code!, name, level: level!, parentCode: parentOf(code!) });
  }
  // Parents are checked once every row is read: a village may come before its town in the file.
  const regions: RegionRow[] = [];
  for (const r of candidates) {
    if (r.parentCode !== null && !firstLine.has(r.parentCode) && !existing.has(r.parentCode)) {
      problems.push({ line: r.line, reason: `上级区划 ${r.parentCode} 既不在文件中也未导入` });
    } else {
      regions.push(r);
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { regions, problems };
}
