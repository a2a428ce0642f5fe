import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { ReportDocument } from '../report-document';
import { contentDisposition, safeFileName } from './content-disposition';
import { writeCsv } from './csv-writer';
// Types only: exceljs and pdfkit (about 40 MB resident together) load on the first export, not at start — a
// county's server exports a few reports a month and must stay small while idle.
import type { PdfFonts } from './pdf-writer';

export const REPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface RenderedReport {
  buffer: Buffer;
  contentType: string;
  /** Chinese file name (the report title and extension), for Content-Disposition. */
  filename: string;
}

/** Turns a report into a downloadable file; the report endpoints' `?format=` and the scheduled reports use it. */
@Injectable()
export class ReportExportService {
  private fonts: PdfFonts | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'timezone'>) {}

  async render(doc: ReportDocument, format: ReportFormat): Promise<RenderedReport> {
    const buffer = await this.write(doc, format);
    return { buffer, contentType: REPORT_CONTENT_TYPES[format], filename: safeFileName(`${doc.title}.${format}`) };
  }

  /** The rendered report as a Nest response body with its type, length and Chinese download name. */
  async file(doc: ReportDocument, format: ReportFormat): Promise<StreamableFile> {
    return toStreamableFile(await this.render(doc, format));
  }

  private async write(doc: ReportDocument, format: ReportFormat): Promise<Buffer> {
    switch (format) {
      case 'csv':
        return writeCsv(doc);
      case 'xlsx': {
        const { writeXlsx } = await import('./xlsx-writer');
        return writeXlsx(doc, this.config.timezone);
      }
      case 'pdf': {
        const { bundledPdfFonts, writePdf } = await import('./pdf-writer');
        // Located once: the font files do not move while the server runs.
        this.fonts ??= bundledPdfFonts();
        return writePdf(doc, { fonts: this.fonts, timeZone: this.config.timezone });
      }
    }
  }
}

export function toStreamableFile(report: RenderedReport): StreamableFile {
  return new StreamableFile(report.buffer, {
    type: report.contentType,
    disposition: contentDisposition(report.filename),
    length: report.buffer.length,
  });
}
