import ExcelJS from 'exceljs';
import type { CellType, ReportColumn, ReportDocument, ReportTable } from '../report-document';
import { CellValue, displayWidth, formatCell, offsetOf, REPORT_TIME_ZONE, toInstantMs, totalsRow } from './cell-format';

/** Number formats of the typed cells: what a county clerk expects to see and to sum. */
export const XLSX_NUM_FMT: Record<Exclude<CellType, 'text'>, string> = {
  int: '0',
  percent: '0.0%',
  seconds: '0',
  datetime: 'yyyy-mm-dd hh:mm:ss',
};

/** Rows above the table: title, period, issuing unit, generation time; the header row follows. */
const META_ROWS = 4;
const HEADER_ROW = META_ROWS + 1;
/** Light red like Excel's own "bad" style: rows below the bar must stand out when printed in colour. */
const FLAG_FILL = 'FFFFC7CE';
const FLAG_FONT = 'FF9C0006';
const HEADER_FILL = 'FFD9E1F2';

/**
 * The report as an XLSX workbook, one sheet per table. Cells are typed (numbers, 0.0 % percentages, seconds as
 * numbers, local date-times) so the office can sort, sum and chart them; text is always a string cell, never a
 * formula, so an operator-typed name like `=HYPERLINK(…)` is inert.
 */
export async function writeXlsx(doc: ReportDocument, timeZone = REPORT_TIME_ZONE): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = doc.unit;
  const generated = toInstantMs(doc.generatedAt);
  // A fixed creation time makes a regenerated report differ only where its numbers do.
  if (generated !== null) wb.created = wb.modified = new Date(generated);
  const names = new Set<string>();
  const tables = doc.tables.length > 0 ? doc.tables : [{ title: doc.title, columns: [{ key: 'summary', title: '说明', type: 'text' as const }], rows: doc.summary.map((s) => ({ summary: s })) }];
  for (const table of tables) addSheet(wb, doc, table, sheetName(table.title, names), timeZone);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function addSheet(wb: ExcelJS.Workbook, doc: ReportDocument, table: ReportTable, name: string, timeZone: string): void {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW }],
    pageSetup: { paperSize: 9, orientation: table.columns.length > 7 ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const width = Math.max(1, table.columns.length);
  const title = table.title && table.title !== doc.title ? `${doc.title}——${table.title}` : doc.title;
  const meta: string[] = [title, `统计周期：${doc.periodLabel}`, `发布单位：${doc.unit}`, `生成时间：${formatCell(doc.generatedAt, 'datetime', { timeZone })}`];
  meta.forEach((text, i) => {
    const row = ws.getRow(i + 1);
    row.getCell(1).value = text;
    ws.mergeCells(i + 1, 1, i + 1, width);
    if (i === 0) {
      row.getCell(1).font = { bold: true, size: 14 };
      row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
      row.height = 24;
    }
  });

  const header = ws.getRow(HEADER_ROW);
  table.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.title;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
  });

  table.rows.forEach((data, r) => {
    const row = ws.getRow(HEADER_ROW + 1 + r);
    fillRow(row, table.columns, data, timeZone);
    if (table.flagged?.[r]) {
      row.eachCell({ includeEmpty: true }, (cell) => {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FLAG_FILL } };
        cell.font = { color: { argb: FLAG_FONT } };
      });
    }
  });
  const totals = totalsRow(table);
  if (totals) {
    const row = ws.getRow(HEADER_ROW + 1 + table.rows.length);
    fillRow(row, table.columns, totals, timeZone);
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.font = { bold: true };
      cell.border = { top: { style: 'thin' } };
    });
  }

  table.columns.forEach((c, i) => {
    const texts = [c.title, ...table.rows.map((r) => formatCell(r[c.key], c.type, { timeZone })), totals ? formatCell(totals[c.key], c.type, { timeZone }) : ''];
    ws.getColumn(i + 1).width = Math.min(50, Math.max(8, ...texts.map(displayWidth)) + 2);
  });
}

function fillRow(row: ExcelJS.Row, columns: ReportColumn[], data: Record<string, CellValue>, timeZone: string): void {
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    const value = data[c.key];
    if (value === null || value === undefined) return;
    if (c.type === 'text' || typeof value === 'string') {
      if (c.type === 'datetime') {
        const ms = toInstantMs(value);
        if (ms !== null) return setDateTime(cell, ms, timeZone);
      }
      // A plain string value: exceljs writes it as a shared string, never as a formula.
      cell.value = String(value);
      return;
    }
    if (c.type === 'datetime') return setDateTime(cell, value, timeZone);
    cell.value = value;
    cell.numFmt = XLSX_NUM_FMT[c.type];
    cell.alignment = { horizontal: 'right' };
  });
}

/** Excel times have no zone: the cell holds the local wall-clock reading, as the office reads it. */
function setDateTime(cell: ExcelJS.Cell, ms: number, timeZone: string): void {
  cell.value = new Date(ms + offsetOf(ms, timeZone));
  cell.numFmt = XLSX_NUM_FMT.datetime;
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], unique within the workbook. */
export function sheetName(title: string, used: Set<string>): string {
  const base = (title.replace(/[:\\/?*[\]]/g, '_').trim() || '报表').slice(0, 31);
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base.slice(0, 31 - String(n).length - 1)}-${n}`;
  used.add(name);
  return name;
}
