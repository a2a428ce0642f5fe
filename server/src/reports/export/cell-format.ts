import { localDateTimeOf, offsetMsAt } from '@sunshine/playlists';
import type { CellType, ReportColumn, ReportTable } from '../report-document';

/** The zone report times are shown in unless a writer is told otherwise (the county's). */
export const REPORT_TIME_ZONE = 'Asia/Shanghai';

/** The label put in the first text column of a totals row that does not name itself. */
export const TOTALS_LABEL = '合计';

export type CellValue = string | number | null | undefined;

/** 0.935 → "93.5%": one decimal, as county offices quote 合格率. */
export function formatPercent(fraction: number): string {
  return `${(Math.round(fraction * 1000) / 10).toFixed(1)}%`;
}

/** An ISO string or epoch ms → "YYYY-MM-DD HH:mm:ss" in the report's zone; anything unparsable is shown as given. */
export function formatDateTime(value: string | number, timeZone = REPORT_TIME_ZONE): string {
  const ms = toInstantMs(value);
  if (ms === null) return String(value);
  const t = localDateTimeOf(ms, timeZone);
  const sec = Math.floor((((ms % 60_000) + 60_000) % 60_000) / 1000);
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(sec)}`;
}

/** Epoch ms of a datetime cell, or null when it is not a time. */
export function toInstantMs(value: string | number): number | null {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A cell as text for CSV and PDF. Numbers of a text column are shown as they are; a string in a number column
 * (a "—" the query chose) is shown as given rather than dropped.
 */
export function formatCell(value: CellValue, type: CellType, opts: { timeZone?: string } = {}): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' && type !== 'datetime') return value;
  switch (type) {
    case 'text':
      return String(value);
    case 'int':
      return String(Math.round(value as number));
    case 'percent':
      return formatPercent(value as number);
    case 'seconds':
      return String(Math.round(value as number));
    case 'datetime':
      return formatDateTime(value, opts.timeZone);
  }
}

/**
 * The totals row as the writers print it: the table's totals, with "合计" in the first text column when the
 * query left that cell empty (a bare row of numbers at the bottom reads as one more town).
 */
export function totalsRow(table: ReportTable): Record<string, CellValue> | null {
  if (!table.totals) return null;
  const row: Record<string, CellValue> = { ...table.totals };
  const label = table.columns.find((c) => c.type === 'text');
  if (label && (row[label.key] === undefined || row[label.key] === null || row[label.key] === '')) row[label.key] = TOTALS_LABEL;
  return row;
}

/** Display width of text in "Latin character" units: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** True for the columns whose cells are numbers (right-aligned in print). */
export function isNumeric(column: ReportColumn): boolean {
  return column.type === 'int' || column.type === 'percent' || column.type === 'seconds';
}

/** The zone's UTC offset at an instant (ms). */
export function offsetOf(ms: number, timeZone = REPORT_TIME_ZONE): number {
  return offsetMsAt(ms, timeZone);
}
