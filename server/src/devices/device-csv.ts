import { getProfile, isDeviceKind, isDivisionCode } from '@sunshine/devices';
import type { QuietHours } from '@sunshine/playlists';
import type { CsvRow, RowProblem } from '../common/csv';
import type { DeviceKind } from './device.entity';

/** A device of a bulk registration, validated on its own (the database checks come after). */
export interface BulkDeviceRow {
  line: number;
  id: string | null;
  name: string;
  kind: DeviceKind;
  profile: string | null;
  regionCode: string;
  tags: string[];
  quietHours: QuietHours[] | null;
  openingHours: QuietHours[] | null;
  defaultVolume: number | null;
}

export const BULK_DEVICE_COLUMNS = ['name', 'kind', 'regionCode', 'tags', 'id', 'profile', 'quietHours', 'openingHours', 'defaultVolume'] as const;
const REQUIRED_COLUMNS = ['name', 'kind', 'regionCode'];

export const DEVICE_ID = /^[a-z0-9][a-z0-9-]{2,63}$/;
export const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 32;
export const MAX_NAME_LENGTH = 100;

/**
 * Validates the rows of a bulk registration CSV: every problem of every row, each with its line, so a county
 * fixes its spreadsheet in one pass. Columns: name, kind, regionCode (required), tags ("a;b"), id, profile,
 * quietHours / openingHours ("22:00-06:00;12:00-13:30", "无" for none, empty for the kind's default), defaultVolume.
 */
export function validateDeviceRows(header: readonly string[], rows: readonly CsvRow[]): { devices: BulkDeviceRow[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const unknown = header.filter((h) => !(BULK_DEVICE_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (unknown.length > 0) problems.push({ line: 1, reason: `未知的列：${unknown.join('、')}（可用列：${BULK_DEVICE_COLUMNS.join(', ')}）` });
  if (missing.length > 0) problems.push({ line: 1, reason: `缺少必填列：${missing.join('、')}` });
  if (problems.length > 0) return { devices: [], problems };

  const devices: BulkDeviceRow[] = [];
  const firstLineOfId = new Map<string, number>();
  for (const { line, fields } of rows) {
    const reasons: string[] = [];
    const f = (k: (typeof BULK_DEVICE_COLUMNS)[number]): string => (fields[k] ?? '').trim();
    const name = f('name');
    if (!name) reasons.push('名称不能为空');
    else if (name.length > MAX_NAME_LENGTH) reasons.push(`名称超过 ${MAX_NAME_LENGTH} 个字符`);
    const kind = f('kind');
    if (!isDeviceKind(kind)) reasons.push(`设备类型“${kind}”无效，应为 speaker、tv 或 led`);
    const regionCode = f('regionCode');
    if (!isDivisionCode(regionCode)) reasons.push(`区划代码“${regionCode}”不是合法的 12 位统计用区划代码`);
    const id = f('id') || null;
    if (id !== null) {
      if (!DEVICE_ID.test(id)) reasons.push(`设备编号“${id}”无效：3–64 位小写字母、数字或连字符，且以字母或数字开头`);
      const first = firstLineOfId.get(id);
      if (first !== undefined) reasons.push(`设备编号 ${id} 与第 ${first} 行重复`);
      else firstLineOfId.set(id, line);
    }
    const profile = f('profile') || null;
    if (profile !== null && isDeviceKind(kind)) {
      const p = getProfile(profile);
      if (!p || p.kind !== kind) reasons.push(`设备规格 ${profile} 不存在或与设备类型 ${kind} 不符`);
    }
    const tags = splitList(f('tags'));
    reasons.push(...tagProblems(tags));
    const quietHours = parseHours(f('quietHours'), '静音时段', reasons);
    const openingHours = parseHours(f('openingHours'), '开放时段', reasons);
    const volumeText = f('defaultVolume');
    const defaultVolume = volumeText === '' ? null : Number(volumeText);
    if (defaultVolume !== null && !(Number.isInteger(defaultVolume) && defaultVolume >= 0 && defaultVolume <= 100)) {
      reasons.push(`默认音量“${volumeText}”应为 0–100 的整数`);
    }
    if (reasons.length > 0) {
      problems.push(...reasons.map((reason) => ({ line, reason })));
      continue;
    }
    devices.push({ line, id, name, kind: kind as DeviceKind, profile, regionCode, tags, quietHours, openingHours, defaultVolume });
  }
  return { devices, problems };
}

/** "a;b；c|d" → ["a","b","c","d"]: spreadsheets users type either semicolon. */
function splitList(s: string): string[] {
  return s
    .split(/[;；|]/)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

export function tagProblems(tags: readonly string[]): string[] {
  const out: string[] = [];
  if (tags.length > MAX_TAGS) out.push(`标签最多 ${MAX_TAGS} 个`);
  const long = tags.filter((t) => t.length > MAX_TAG_LENGTH);
  if (long.length > 0) out.push(`标签超过 ${MAX_TAG_LENGTH} 个字符：${long.join('、')}`);
  return out;
}

/** "" → null (the kind's default); "无"/"none" → [] (no hours); "22:00-06:00;12:00-13:30" → ranges. */
function parseHours(s: string, label: string, reasons: string[]): QuietHours[] | null {
  if (s === '') return null;
  if (s === '无' || s.toLowerCase() === 'none') return [];
  const out: QuietHours[] = [];
  for (const part of splitList(s)) {
    const m = /^(\S+?)\s*[-–~～]\s*(\S+)$/.exec(part);
    if (!m || !HH_MM.test(m[1]) || !HH_MM.test(m[2])) {
      reasons.push(`${label}“${part}”格式应为 HH:MM-HH:MM`);
      continue;
    }
    const problem = hoursProblem({ from: m[1], until: m[2] });
    if (problem) reasons.push(`${label}“${part}”${problem}`);
    else out.push({ from: m[1], until: m[2] });
  }
  if (out.length > 6) reasons.push(`${label}最多 6 段`);
  return out;
}

/** A range may cross midnight ("22:00–06:00"), but an empty one is a typo. */
export function hoursProblem(h: QuietHours): string | null {
  return h.from === h.until ? '的开始与结束时间相同' : null;
}
