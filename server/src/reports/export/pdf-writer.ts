import { locateCjkFont } from '@sunshine/media';
import PDFDocument from 'pdfkit';
import type { ReportChart, ReportColumn, ReportDocument, ReportTable } from '../report-document';
import { CellValue, formatCell, formatPercent, isNumeric, REPORT_TIME_ZONE, toInstantMs, totalsRow } from './cell-format';

type Pdf = PDFKit.PDFDocument;

/** The two faces of the bundled CJK font (OpenType/CFF files), embedded as subsets so text stays searchable. */
export interface PdfFonts {
  regular: string;
  bold: string;
}

export interface PdfOptions {
  fonts?: PdfFonts;
  timeZone?: string;
}

/** The bundled Noto Sans SC from @embedpdf/fonts-sc (or CJK_FONT_DIR): nothing is fetched, so it works offline. */
export function bundledPdfFonts(): PdfFonts {
  const font = locateCjkFont();
  return { regular: font.regular.path, bold: font.bold.path };
}

const MARGIN = { top: 56, bottom: 56, left: 50, right: 50 };
const RED = '#C00000';
const GREY = '#595959';
const RULE = '#A6A6A6';
const HEADER_FILL = '#D9E1F2';
const TOTALS_FILL = '#F2F2F2';
const FLAG_FILL = '#FDE2E2';
const FLAG_MARK = '▲ ';
const PALETTE = ['#2F5597', '#C55A11', '#548235', '#7030A0', '#BF9000', '#1F7A7A'];
const TABLE_FONT_SIZE = 9;
const CELL_PAD = 3;

/**
 * The quarterly 通报 as an A4 PDF: red-headed unit line, period, the summary paragraphs, the charts (drawn as
 * vector paths: a ranking of towns as bars, the weekly trend as lines), then every table with its header repeated
 * on each page, rows below the bar marked, and "第 n 页 共 m 页" on every page. All text is real text in an
 * embedded subset of the CJK font, so pdftotext and a reader's search find every name.
 */
export function writePdf(doc: ReportDocument, opts: PdfOptions = {}): Promise<Buffer> {
  const fonts = opts.fonts ?? bundledPdfFonts();
  const timeZone = opts.timeZone ?? REPORT_TIME_ZONE;
  const generated = toInstantMs(doc.generatedAt);
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    info: {
      Title: doc.title,
      Author: doc.unit,
      Subject: doc.periodLabel,
      // A fixed creation time: the same period generated again differs only where its numbers do.
      ...(generated !== null ? { CreationDate: new Date(generated), ModDate: new Date(generated) } : {}),
    },
  });
  pdf.registerFont('regular', fonts.regular);
  pdf.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  header(pdf, doc, timeZone);
  let section = 0;
  const heading = (text: string) => sectionHeading(pdf, `${CHINESE_ORDINALS[section++] ?? section}、${text}`);
  if (doc.summary.length > 0) {
    heading('总体情况');
    pdf.font('regular').fontSize(11).fillColor('black');
    for (const p of doc.summary) pdf.text(p, { indent: 22, lineGap: 4, paragraphGap: 6, align: 'justify' });
  }
  if (doc.charts.length > 0) {
    heading('图表');
    for (const chart of doc.charts) (chart.kind === 'bar' ? barChart : lineChart)(pdf, chart);
  }
  if (doc.tables.length > 0) {
    heading('明细');
    for (const table of doc.tables) drawTable(pdf, table, timeZone);
  }
  pageNumbers(pdf);
  pdf.end();
  return done;
}

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function contentWidth(pdf: Pdf): number {
  return pdf.page.width - MARGIN.left - MARGIN.right;
}

function pageBottom(pdf: Pdf): number {
  return pdf.page.height - MARGIN.bottom;
}

/** Starts a new page unless `height` points still fit below the cursor. */
function ensureSpace(pdf: Pdf, height: number): void {
  if (pdf.y + height > pageBottom(pdf)) pdf.addPage();
}

function header(pdf: Pdf, doc: ReportDocument, timeZone: string): void {
  const x = MARGIN.left;
  const w = contentWidth(pdf);
  pdf.font('bold').fontSize(22).fillColor(RED).text(doc.unit, x, MARGIN.top, { width: w, align: 'center' });
  pdf.moveDown(0.3);
  const ruleY = pdf.y;
  pdf.moveTo(x, ruleY).lineTo(x + w, ruleY).lineWidth(1.5).strokeColor(RED).stroke();
  pdf.y = ruleY + 10;
  pdf.font('bold').fontSize(16).fillColor('black').text(doc.title, x, pdf.y, { width: w, align: 'center' });
  pdf.moveDown(0.3);
  pdf.font('regular').fontSize(10).fillColor(GREY);
  pdf.text(`统计周期：${doc.periodLabel}`, x, pdf.y, { width: w, align: 'center' });
  pdf.text(`发布单位：${doc.unit}　　生成时间：${formatCell(doc.generatedAt, 'datetime', { timeZone })}`, x, pdf.y, { width: w, align: 'center' });
  pdf.moveDown(0.8);
  pdf.fillColor('black');
}

function sectionHeading(pdf: Pdf, text: string): void {
  ensureSpace(pdf, 60);
  pdf.moveDown(0.5);
  pdf.font('bold').fontSize(13).fillColor('black').text(text, MARGIN.left, pdf.y, { width: contentWidth(pdf) });
  pdf.moveDown(0.3);
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

interface RowSpec {
  texts: string[];
  fill: string | null;
  bold: boolean;
}

/**
 * Column widths: each column as wide as its widest text (header included) on one line; when that is wider than
 * the page, text columns (names) give way first and wrap, numbers and dates keep their width; only if that is not
 * enough is every column scaled down.
 */
function columnWidths(pdf: Pdf, columns: ReportColumn[], rows: RowSpec[]): number[] {
  const measure = (r: RowSpec, i: number) => pdf.font(r.bold ? 'bold' : 'regular').fontSize(TABLE_FONT_SIZE).widthOfString(r.texts[i] ?? '');
  const maxCol = 20 * TABLE_FONT_SIZE;
  const desired = columns.map((_, i) => Math.min(maxCol, Math.max(2 * TABLE_FONT_SIZE, ...rows.map((r) => measure(r, i)))) + 2 * CELL_PAD + 2);
  const page = contentWidth(pdf);
  const sum = desired.reduce((a, b) => a + b, 0);
  if (sum <= page) return desired.map((d) => (d / sum) * page);
  const isText = columns.map((c) => c.type === 'text');
  const minText = 4 * TABLE_FONT_SIZE + 2 * CELL_PAD;
  // The first column names the row (a village): it keeps its full width when it can, so a name is never split
  // across lines (a search for it must find it); other text columns (reasons) wrap first.
  const textCount = isText.filter(Boolean).length;
  const fixedOf = (keepFirst: boolean) => desired.reduce((a, d, i) => a + (isText[i] && !(keepFirst && i === 0) ? 0 : d), 0);
  const keepFirst = isText[0] && fixedOf(true) + (textCount - 1) * minText <= page;
  const flexibleIdx = desired.map((_, i) => isText[i] && !(keepFirst && i === 0));
  const flexCount = flexibleIdx.filter(Boolean).length;
  const spare = page - fixedOf(keepFirst) - flexCount * minText;
  if (flexCount > 0 && spare >= 0) {
    // Each wrapping column keeps 4 characters and shares the rest of the page in proportion to what it would like.
    const excess = desired.reduce((a, d, i) => a + (flexibleIdx[i] ? Math.max(0, d - minText) : 0), 0);
    return desired.map((d, i) => (flexibleIdx[i] ? minText + (excess > 0 ? (Math.max(0, d - minText) / excess) * spare : spare / flexCount) : d));
  }
  return desired.map((d) => (d / sum) * page);
}

function drawTable(pdf: Pdf, table: ReportTable, timeZone: string): void {
  const cols = table.columns;
  if (cols.length === 0) return;
  const text = (row: Record<string, CellValue>, c: ReportColumn) => formatCell(row[c.key], c.type, { timeZone });
  const head: RowSpec = { texts: cols.map((c) => c.title), fill: HEADER_FILL, bold: true };
  const body: RowSpec[] = table.rows.map((row, r) => {
    const flagged = table.flagged?.[r] === true;
    const texts = cols.map((c) => text(row, c));
    if (flagged) texts[0] = FLAG_MARK + texts[0];
    return { texts, fill: flagged ? FLAG_FILL : null, bold: false };
  });
  const totals = totalsRow(table);
  if (totals) body.push({ texts: cols.map((c) => text(totals, c)), fill: TOTALS_FILL, bold: true });
  const widths = columnWidths(pdf, cols, [head, ...body]);

  ensureSpace(pdf, 80);
  pdf.font('bold').fontSize(11).fillColor('black').text(table.title, MARGIN.left, pdf.y, { width: contentWidth(pdf) });
  pdf.moveDown(0.2);
  drawRow(pdf, head, widths, cols);
  if (body.length === 0) body.push({ texts: ['（无数据）', ...cols.slice(1).map(() => '')], fill: null, bold: false });
  for (const row of body) {
    const h = rowHeight(pdf, row, widths);
    if (pdf.y + h > pageBottom(pdf)) {
      pdf.addPage();
      // The header is repeated on every page so a printed page can be read on its own.
      drawRow(pdf, head, widths, cols);
    }
    drawRow(pdf, row, widths, cols);
  }
  if (table.flagged?.some(Boolean)) {
    pdf.moveDown(0.3);
    pdf.font('regular').fontSize(9).fillColor(GREY).text(`${FLAG_MARK.trim()} 及红色底纹：低于合格线，需整改。`, MARGIN.left, pdf.y, { width: contentWidth(pdf) });
  }
  pdf.fillColor('black');
  pdf.moveDown(0.8);
}

function rowHeight(pdf: Pdf, row: RowSpec, widths: number[]): number {
  pdf.font(row.bold ? 'bold' : 'regular').fontSize(TABLE_FONT_SIZE);
  const heights = row.texts.map((t, i) => pdf.heightOfString(t || ' ', { width: widths[i] - 2 * CELL_PAD }));
  return Math.max(...heights) + 2 * CELL_PAD;
}

function drawRow(pdf: Pdf, row: RowSpec, widths: number[], cols: ReportColumn[]): void {
  const h = rowHeight(pdf, row, widths);
  const y = pdf.y;
  let x = MARGIN.left;
  const total = widths.reduce((a, b) => a + b, 0);
  if (row.fill) pdf.rect(MARGIN.left, y, total, h).fillColor(row.fill).fill();
  pdf.font(row.bold ? 'bold' : 'regular').fontSize(TABLE_FONT_SIZE).fillColor('black');
  row.texts.forEach((t, i) => {
    const align = row.fill === HEADER_FILL ? 'center' : isNumeric(cols[i]) ? 'right' : 'left';
    pdf.text(t, x + CELL_PAD, y + CELL_PAD, { width: widths[i] - 2 * CELL_PAD, align });
    x += widths[i];
  });
  pdf.lineWidth(0.5).strokeColor(RULE);
  pdf.rect(MARGIN.left, y, total, h).stroke();
  x = MARGIN.left;
  for (const w of widths.slice(0, -1)) {
    x += w;
    pdf.moveTo(x, y).lineTo(x, y + h).stroke();
  }
  pdf.x = MARGIN.left;
  pdf.y = y + h;
}

// ---------------------------------------------------------------------------------------------------------------
// Charts

/**
 * Chart values carry no unit; a chart whose values all lie in 0..1 with some fraction among them is a rate
 * (completion, online share) and is labelled in per cent, anything else as a number.
 */
function valueFormatter(chart: ReportChart): (v: number) => string {
  const all = chart.series.flatMap((s) => s.values);
  const isRate = all.length > 0 && all.every((v) => v >= 0 && v <= 1) && all.some((v) => !Number.isInteger(v));
  return isRate ? formatPercent : (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
}

function chartTitle(pdf: Pdf, chart: ReportChart, height: number): void {
  ensureSpace(pdf, height + 40);
  pdf.font('bold').fontSize(11).fillColor('black').text(chart.title, MARGIN.left, pdf.y, { width: contentWidth(pdf), align: 'center' });
  pdf.moveDown(0.2);
  if (chart.series.length > 1) legend(pdf, chart);
}

function legend(pdf: Pdf, chart: ReportChart): void {
  pdf.font('regular').fontSize(8);
  const items = chart.series.map((s, i) => ({ name: s.name, color: PALETTE[i % PALETTE.length], w: pdf.widthOfString(s.name) + 18 }));
  const total = items.reduce((a, b) => a + b.w, 0);
  let x = MARGIN.left + Math.max(0, (contentWidth(pdf) - total) / 2);
  const y = pdf.y;
  for (const it of items) {
    pdf.rect(x, y + 2, 8, 8).fillColor(it.color).fill();
    pdf.fillColor('black').text(it.name, x + 11, y, { lineBreak: false });
    x += it.w;
  }
  pdf.x = MARGIN.left;
  pdf.y = y + 14;
}

/** Horizontal bars, one row per category in the order given (the report orders a ranking). */
function barChart(pdf: Pdf, chart: ReportChart): void {
  const fmt = valueFormatter(chart);
  const n = chart.categories.length;
  const s = Math.max(1, chart.series.length);
  pdf.font('regular').fontSize(8);
  const labelW = Math.min(130, Math.max(30, ...chart.categories.map((c) => pdf.widthOfString(c))) + 6);
  const valueW = 44;
  const barAreaW = contentWidth(pdf) - labelW - valueW;
  const usable = pdf.page.height - MARGIN.top - MARGIN.bottom - 60;
  const barH = Math.max(3, Math.min(11, (usable / Math.max(1, n) - 5) / s));
  const rowH = barH * s + 5;
  chartTitle(pdf, chart, Math.min(usable, n * rowH));
  const max = Math.max(0, ...chart.series.flatMap((x) => x.values));
  const scale = max > 0 ? barAreaW / max : 0;
  const x0 = MARGIN.left + labelW;
  let y = pdf.y;
  chart.categories.forEach((cat, i) => {
    if (y + rowH > pageBottom(pdf)) {
      pdf.addPage();
      y = pdf.y;
    }
    pdf.font('regular').fontSize(8).fillColor('black');
    pdf.text(cat, MARGIN.left, y + (rowH - 5) / 2 - 4, { width: labelW - 6, align: 'right', lineBreak: false });
    chart.series.forEach((series, k) => {
      const v = series.values[i] ?? 0;
      const by = y + k * barH;
      const w = Math.max(0, v * scale);
      if (w > 0) pdf.rect(x0, by, w, barH - 1).fillColor(PALETTE[k % PALETTE.length]).fill();
      if (barH >= 6) pdf.fillColor(GREY).fontSize(Math.min(8, barH)).text(fmt(v), x0 + w + 3, by + (barH - 1) / 2 - Math.min(8, barH) / 2 - 1, { lineBreak: false });
    });
    y += rowH;
  });
  pdf.moveTo(x0, pdf.y).lineTo(x0, y).lineWidth(0.5).strokeColor(RULE).stroke();
  pdf.fillColor('black');
  pdf.x = MARGIN.left;
  pdf.y = y + 12;
}

/** A round step for about `count` gridlines up to `max`. */
export function niceStep(max: number, count = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
}

/** Lines over the categories (weeks), y from 0 with round gridlines. */
function lineChart(pdf: Pdf, chart: ReportChart): void {
  const fmt = valueFormatter(chart);
  const height = 190;
  chartTitle(pdf, chart, height);
  const all = chart.series.flatMap((s) => s.values);
  const max = Math.max(0, ...all);
  const step = niceStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  pdf.font('regular').fontSize(7);
  const axisW = Math.max(...[0, top].map((v) => pdf.widthOfString(fmt(v)))) + 6;
  const x0 = MARGIN.left + axisW;
  const w = contentWidth(pdf) - axisW - 6;
  const y0 = pdf.y + 4;
  const plotH = height - 30;
  const yOf = (v: number) => y0 + plotH - (v / top) * plotH;
  const n = chart.categories.length;
  const xOf = (i: number) => (n <= 1 ? x0 + w / 2 : x0 + (i / (n - 1)) * w);

  for (let v = 0; v <= top + step / 2; v += step) {
    const y = yOf(v);
    pdf.moveTo(x0, y).lineTo(x0 + w, y).lineWidth(0.3).strokeColor(RULE).stroke();
    pdf.fillColor(GREY).text(fmt(v), MARGIN.left, y - 4, { width: axisW - 4, align: 'right', lineBreak: false });
  }
  // Label every k-th category so crowded week labels do not overlap.
  const labelW = Math.max(1, ...chart.categories.map((c) => pdf.widthOfString(c))) + 4;
  const every = Math.max(1, Math.ceil((labelW * n) / w));
  chart.categories.forEach((c, i) => {
    if (i % every !== 0) return;
    pdf.fillColor(GREY).text(c, xOf(i) - labelW / 2, y0 + plotH + 4, { width: labelW, align: 'center', lineBreak: false });
  });
  chart.series.forEach((series, k) => {
    const color = PALETTE[k % PALETTE.length];
    const points = series.values.slice(0, n).map((v, i) => [xOf(i), yOf(v)] as const);
    if (points.length === 0) return;
    pdf.moveTo(points[0][0], points[0][1]);
    for (const [x, y] of points.slice(1)) pdf.lineTo(x, y);
    pdf.lineWidth(1.5).strokeColor(color).stroke();
    for (const [x, y] of points) pdf.circle(x, y, 2).fillColor(color).fill();
  });
  pdf.fillColor('black');
  pdf.x = MARGIN.left;
  pdf.y = y0 + height;
}

// ---------------------------------------------------------------------------------------------------------------

function pageNumbers(pdf: Pdf): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    // Writing inside the bottom margin would make pdfkit open a new page: lift the margin while numbering.
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font('regular').fontSize(9).fillColor(GREY);
    pdf.text(`第 ${i + 1} 页 共 ${range.count} 页`, MARGIN.left, pdf.page.height - 36, { width: contentWidth(pdf), align: 'center', lineBreak: false });
    pdf.page.margins.bottom = bottom;
  }
}
