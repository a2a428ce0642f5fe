/**
 * Report downloads through the built server: the coverage report as CSV, XLSX and PDF carries the same rows and
 * numbers as the JSON report, with the county's name and the period; scope and bad formats are refused.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { Api } from './support/api-client';
import { RunningServer, startServer, tempDir } from './support/server-process';

jest.setTimeout(60_000);

const TOWN_OTHER = '510811101000';

describe('report downloads', () => {
  let server: RunningServer;
  let operator: Api;

  beforeAll(async () => {
    server = await startServer();
    operator = await Api.login(server.url, 'operator');
  });

  afterAll(async () => {
    await server?.stop();
  });

  const download = async (pathAndQuery: string, api: Api = operator): Promise<Response> =>
    fetch(`${server.url}${pathAndQuery}`, { headers: { authorization: `Bearer ${api.token}` } });

  it('should serve the coverage report as CSV, XLSX and PDF with the rows and numbers of the JSON report', async () => {
    const json = (await operator.get('/api/reports/coverage?period=month')).body as {
      region: { name: string };
      period: { label: string };
      rows: Array<{ name: string; devices: number; planned: number; aired: number }>;
      totals: { devices: number; planned: number };
    };
    expect(json.rows.length).toBeGreaterThan(0);

    const csv = await download('/api/reports/coverage/export?period=month&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const csvBytes = Buffer.from(await csv.arrayBuffer());
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csvText = csvBytes.toString('utf8');
    expect(csvText).toContain('设备数,计划播出,完整播出,完成率');
    for (const row of json.rows) expect(csvText).toContain(`${row.name},${row.devices},${row.planned},${row.aired}`);

    const xlsx = await download('/api/reports/coverage/export?period=month&format=xlsx');
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0];
    const byName = new Map<string, ExcelJS.Row>();
    sheet.eachRow((r) => byName.set(String(r.getCell(1).value), r));
    for (const row of json.rows) {
      const r = byName.get(row.name);
      expect(r).toBeDefined();
      expect([r!.getCell(2).value, r!.getCell(3).value, r!.getCell(4).value]).toEqual([row.devices, row.planned, row.aired]);
    }
    expect(byName.get('合计')!.getCell(2).value).toBe(json.totals.devices);

    const pdf = await download('/api/reports/coverage/export?period=month&format=pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const file = path.join(tempDir('report-pdf'), 'coverage.pdf');
    fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
    expect(text).toContain(json.region.name);
    expect(text).toContain(json.period.label);
    for (const row of json.rows) expect(text).toContain(row.name);
  });

  it('should refuse an unknown format and a region outside the account scope with JSON errors', async () => {
    const bad = await download('/api/reports/coverage/export?format=docx');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('VALIDATION_FAILED');

    const town = await Api.login(server.url, 'admin');
    const created = await town.post('/api/users', { username: `town-${Date.now()}`, displayName: '镇运维', password: 'Town-Passw0rd-1', roles: ['operator'], scopeRegionCode: '510811100000' });
    expect(created.status).toBe(201);
    const scoped = await Api.login(server.url, created.body.username, 'Town-Passw0rd-1');
    const refused = await download(`/api/reports/availability/export?regionCode=${TOWN_OTHER}&format=csv`, scoped);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('OUT_OF_SCOPE');
  });
});
