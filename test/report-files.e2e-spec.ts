/**
 * Scheduled report files through the built server: the routes exist and answer in the documented shapes, and a
 * period is generated from the coverage report (the generation itself is covered on fake time in
 * server/src/reports/scheduled).
 */
import { Api } from './support/api-client';
import { RunningServer, startServer } from './support/server-process';

jest.setTimeout(60_000);

describe('report files API', () => {
  let server: RunningServer;
  let admin: Api;
  let editor: Api;

  beforeAll(async () => {
    server = await startServer();
    admin = await Api.login(server.url, 'admin');
    editor = await Api.login(server.url, 'editor');
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('lists no files before any period has been generated', async () => {
    const r = await admin.get('/api/reports/files');
    expect(r.status).toBe(200);
    expect(r.body).toEqual([]);
  });

  it('checks the query and the id', async () => {
    expect((await admin.get('/api/reports/files?period=2026-13')).status).toBe(400);
    expect((await admin.get('/api/reports/files/not-a-uuid')).status).toBe(400);
    const missing = await admin.get('/api/reports/files/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('REPORT_FILE_NOT_FOUND');
  });

  it('lets only an administrator regenerate, and refuses a period that does not fit its kind', async () => {
    expect((await editor.post('/api/reports/files', { kind: 'quarter', period: '2026-Q3' })).status).toBe(403);
    const bad = await admin.post('/api/reports/files', { kind: 'quarter', period: '2026-09' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('generates a quarter from the coverage report, and again without a second copy', async () => {
    const r = await admin.post('/api/reports/files', { kind: 'quarter', period: '2026-Q3' });
    expect(r.status).toBe(201);
    expect(r.body.length).toBeGreaterThan(0);
    expect(r.body.every((f: { period: string; bytes: number }) => f.period === '2026-Q3' && f.bytes > 0)).toBe(true);
    const again = await admin.post('/api/reports/files', { kind: 'quarter', period: '2026-Q3' });
    expect(again.status).toBe(201);
    expect((await admin.get('/api/reports/files')).body).toHaveLength(r.body.length);
  });
});
