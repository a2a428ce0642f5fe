import { toCsv } from '../../common/csv';
import type { ReportDocument, ReportTable } from '../report-document';
import { formatCell, totalsRow } from './cell-format';

/**
 * A spreadsheet treats a cell starting with one of these as a formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`);
 * tab and carriage return are in OWASP's list too. Such text gets a leading apostrophe so it stays text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Keeps a text cell from being run as a formula when the CSV is opened in Excel or WPS. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One table as CSV rows: header of titles, data rows, totals last. Only text cells are guarded: numbers are
 * written by us (a negative count must stay a number), while names come from operators and imported files.
 */
export function tableCsvRows(table: ReportTable): string[][] {
  const header = table.columns.map((c) => guardFormula(c.title));
  const rows = table.rows.map((row) => table.columns.map((c) => cellText(row[c.key], c.type)));
  const totals = totalsRow(table);
  if (totals) rows.push(table.columns.map((c) => cellText(totals[c.key], c.type)));
  return [header, ...rows];
}

function cellText(value: Parameters<typeof formatCell>[0], type: Parameters<typeof formatCell>[1]): string {
  const text = formatCell(value, type);
  return typeof value === 'string' || type === 'text' ? guardFormula(text) : text;
}

/**
 * The report as one CSV file (UTF-8 with BOM, RFC 4180 quoting, CRLF). A CSV has one table: the first is the
 * report's main table; a document with more tables puts them one after another, each under its title line and
 * separated by an empty line, so nothing is silently left out.
 */
export function writeCsv(doc: ReportDocument): Buffer {
  if (doc.tables.length <= 1) {
    const [header, ...rows] = doc.tables[0] ? tableCsvRows(doc.tables[0]) : [[guardFormula(doc.title)]];
    return toCsv(header, rows);
  }
  const lines: string[][] = [];
  doc.tables.forEach((table, i) => {
    if (i > 0) lines.push([]);
    lines.push([guardFormula(table.title)], ...tableCsvRows(table));
  });
  const [first, ...rest] = lines;
  return toCsv(first, rest);
}
