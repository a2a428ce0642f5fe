/**
 * The three writers read back the way the office reads them: the CSV as UTF-8 text (csv-parse, like Excel),
 * the XLSX with exceljs, the PDF with Debian's pdftotext (poppler-utils), whose output is what a search finds.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { formatPercent } from './cell-format';
import { writeCsv } from './csv-writer';
import { writePdf } from './pdf-writer';
import { HOSTILE_NAMES, sampleDocument } from './testing/sample-document';
import { writeXlsx } from './xlsx-writer';

jest.setTimeout(60_000);

describe('CSV writer', () => {
  const doc = sampleDocument();
  const table = doc.tables[0];
  const buf = writeCsv(doc);
  const records = parse(buf.toString('utf8').replace(/^\uFEFF/, ''), { relax_column_count: false }) as string[][];

  it('starts with the UTF-8 BOM and has the titles as header', () => {
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(records[0]).toEqual(table.columns.map((c) => c.title));
  });

  it('has one line per row plus the totals row last, percentages as 93.5%', () => {
    expect(records).toHaveLength(1 + table.rows.length + 1);
    const totals = records[records.length - 1];
    expect(totals[0]).toBe('合计');
    expect(totals[3]).toBe(String(table.totals!.planned));
    expect(totals[5]).toMatch(/^\d+\.\d%$/);
    const second = records[2];
    expect(second[5]).toBe(`${((table.rows[1].rate as number) * 100).toFixed(1)}%`);
    expect(second[7]).toBe('2026-09-30 18:01:07');
  });

  it('keeps hostile names intact but inert: quotes, commas and newlines survive, formulas get an apostrophe', () => {
    const names = records.slice(1, 1 + HOSTILE_NAMES.length).map((r) => r[0]);
    expect(names).toEqual(HOSTILE_NAMES.map((n) => (/^[=+\-@]/.test(n) ? `'${n}` : n)));
    expect(names[1]).toBe('回水村, "东" 组\n二队');
  });
});

describe('XLSX writer', () => {
  const doc = sampleDocument();
  const table = doc.tables[0];
  let ws: ExcelJS.Worksheet;

  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeXlsx(doc)) as unknown as ArrayBuffer);
    expect(wb.worksheets).toHaveLength(1);
    ws = wb.worksheets[0];
  });

  it('has the title, period and issuing unit above a frozen header', () => {
    expect(ws.getCell('A1').value).toBe(`${doc.title}——${table.title}`);
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect(ws.getCell('A2').value).toBe(`统计周期：${doc.periodLabel}`);
    expect(ws.getCell('A3').value).toBe(`发布单位：${doc.unit}`);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
    expect(ws.getRow(5).values).toEqual([undefined, ...table.columns.map((c) => c.title)]);
  });

  it('reads back the same numbers, as typed cells', () => {
    table.rows.forEach((row, r) => {
      const xl = ws.getRow(6 + r);
      expect(xl.getCell(1).value).toBe(row.name);
      expect(xl.getCell(1).type).toBe(ExcelJS.ValueType.String);
      expect([3, 4, 5, 6, 7].map((c) => xl.getCell(c).type)).toEqual(Array(5).fill(ExcelJS.ValueType.Number));
      expect(xl.getCell(8).type).toBe(ExcelJS.ValueType.Date);
      expect(xl.getCell(3).value).toBe(row.devices);
      expect(xl.getCell(4).value).toBe(row.planned);
      expect(xl.getCell(5).value).toBe(row.aired);
      expect(xl.getCell(6).value).toBeCloseTo(row.rate as number, 12);
      expect(xl.getCell(6).numFmt).toBe('0.0%');
      expect(xl.getCell(7).value).toBe(row.airtime);
      // Local wall time (UTC+8) in a date cell.
      expect((xl.getCell(8).value as Date).toISOString()).toBe(new Date((row.lastPlay as number) + 8 * 3600_000).toISOString());
    });
  });

  it('ends with a bold totals row and highlights the flagged rows', () => {
    const totals = ws.getRow(6 + table.rows.length);
    expect(totals.getCell(1).value).toBe('合计');
    expect(totals.getCell(4).value).toBe(table.totals!.planned);
    expect(totals.getCell(4).font?.bold).toBe(true);
    table.flagged!.forEach((flag, r) => {
      const fill = ws.getRow(6 + r).getCell(1).fill as ExcelJS.FillPattern | undefined;
      expect(fill?.fgColor?.argb === 'FFFFC7CE').toBe(flag);
    });
    expect(table.flagged!.filter(Boolean).length).toBeGreaterThan(0);
  });

  it('stores a formula-looking name as a plain string, never a formula', () => {
    const cell = ws.getRow(6).getCell(1);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(HOSTILE_NAMES[0]);
  });
});

describe('PDF writer (pdftotext)', () => {
  const doc = sampleDocument(80);
  let text: string;
  let pages: number;
  let images: string;
  let fonts: string;

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-pdf-'));
    const file = path.join(dir, 'report.pdf');
    fs.writeFileSync(file, await writePdf(doc));
    text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' });
    fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    if (process.env.KEEP_PDF) fs.copyFileSync(file, process.env.KEEP_PDF);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has the unit, the period and the completion rate as searchable text', () => {
    const table = doc.tables[0];
    const rate = formatPercent((table.totals!.aired as number) / (table.totals!.planned as number));
    expect(rate).toMatch(/^\d+\.\d%$/);
    expect(text).toContain(doc.unit);
    expect(text).toContain(doc.periodLabel);
    expect(text).toMatch(new RegExp(`完成率\\s*${rate.replace('.', '\\.')}`));
    expect(text).toContain(rate); // the totals row
  });

  it('draws charts as vectors and text in the embedded CJK font (no images)', () => {
    expect(images.trim().split('\n')).toHaveLength(2); // the header lines of an empty list
    expect(fonts).toMatch(/NotoSansHans-Regular\s+CID Type 0C\s+Identity-H\s+yes yes yes/);
  });

  it('names every flagged village', () => {
    const flagged = doc.tables[0].rows.filter((_, i) => doc.tables[0].flagged![i]).map((r) => String(r.name));
    expect(flagged.length).toBeGreaterThan(10);
    for (const name of flagged.filter((n) => !n.includes('\n'))) expect(text).toContain(name);
  });

  it('pages a long table with its header repeated and numbers every page', () => {
    expect(pages).toBeGreaterThan(2);
    expect(text.split('计划播出').length - 1).toBeGreaterThanOrEqual(pages);
    for (let p = 1; p <= pages; p++) expect(text).toMatch(new RegExp(`第\\s*${p}\\s*页\\s*共\\s*${pages}\\s*页`));
  });
});
