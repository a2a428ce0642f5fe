import { parse } from 'csv-parse/sync';
import { AppError, ErrorCode } from './app-error';

/** One parsed data row and the 1-based line of the file it started on (the header is line 1). */
export interface CsvRow {
  line: number;
  fields: Record<string, string>;
}

/** A bad row: its file line and the reason, in Chinese. */
export interface RowProblem {
  line: number;
  reason: string;
}

/**
 * The CSV text of an upload sent either as `text/csv` (a string body) or as JSON `{ csv }`: county staff export
 * from a spreadsheet, tools send JSON.
 */
export function csvBodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object' && typeof (body as { csv?: unknown }).csv === 'string') return (body as { csv: string }).csv;
  throw AppError.badRequest(ErrorCode.ValidationFailed, '请求体必须是 CSV 文本（text/csv）或 JSON {"csv": "…"}');
}

/**
 * Parses a CSV with a header row into rows keyed by (trimmed) header name, keeping each row's file line so
 * problems can be reported where the operator will look. Rows with the wrong number of fields are reported, not
 * thrown; a file that cannot be parsed at all is one problem on the line csv-parse names.
 */
export function parseCsv(text: string): { header: string[]; rows: CsvRow[]; problems: RowProblem[] } {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { header: [], rows: [], problems: [{ line, reason: `CSV 格式错误：${(err as Error).message}` }] };
  }
  if (records.length === 0) return { header: [], rows: [], problems: [{ line: 1, reason: '文件为空：第一行应为表头' }] };
  const header = records[0].record.map((h) => h.trim());
  const rows: CsvRow[] = [];
  const problems: RowProblem[] = [];
  for (const { record, info } of records.slice(1)) {
    // info.lines is the line the record ends on; a quoted field may span lines, the operator looks at the start.
    const line = info.lines - countNewlines(record);
    if (record.length !== header.length) {
      problems.push({ line, reason: `列数为 ${record.length}，表头有 ${header.length} 列` });
      continue;
    }
    rows.push({ line, fields: Object.fromEntries(header.map((h, i) => [h, record[i]])) });
  }
  return { header, rows, problems };
}

function countNewlines(record: string[]): number {
  return record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
}

/** RFC 4180 CSV with a UTF-8 BOM and CRLF lines: what Excel on a county office PC opens without mojibake. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): Buffer {
  const lines = [header, ...rows].map((r) => r.map(quote).join(','));
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
