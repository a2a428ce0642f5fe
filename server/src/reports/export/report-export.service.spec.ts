import { REPORT_CONTENT_TYPES, ReportExportService, toStreamableFile } from './report-export.service';
import { sampleDocument } from './testing/sample-document';

describe('ReportExportService', () => {
  const service = new ReportExportService({ timezone: 'Asia/Shanghai' });
  const doc = { ...sampleDocument(3), title: '栖凤区/2026年第三季度:通报' };

  it('renders CSV with its type and a safe Chinese file name', async () => {
    const r = await service.render(doc, 'csv');
    expect(r.contentType).toBe('text/csv; charset=utf-8');
    expect(r.filename).toBe('栖凤区_2026年第三季度_通报.csv');
    expect(r.buffer.subarray(0, 3).toString('hex')).toBe('efbbbf');
  });

  it('renders XLSX as a zip with the spreadsheet type', async () => {
    const r = await service.render(doc, 'xlsx');
    expect(r.contentType).toBe(REPORT_CONTENT_TYPES.xlsx);
    expect(r.filename.endsWith('.xlsx')).toBe(true);
    expect(r.buffer.subarray(0, 2).toString()).toBe('PK');
  });

  it('turns a rendered report into a download with an RFC 5987 file name', () => {
    const file = toStreamableFile({ buffer: Buffer.from('x'), contentType: 'application/pdf', filename: '通报.pdf' });
    expect(file.getHeaders()).toEqual({ type: 'application/pdf', length: 1, disposition: `attachment; filename="report.pdf"; filename*=UTF-8''${encodeURIComponent('通报.pdf')}` });
  });
});
