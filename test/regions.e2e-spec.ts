/**
 * Regions against the built server (demo county 栖凤区 seeded): a CSV import reports every bad row by line and
 * imports nothing, or imports all; a village is added, renamed and deleted; a region with devices below it is
 * not deleted.
 */
import { Api } from './support/api-client';
import { RunningServer, startServer } from './support/server-process';

jest.setTimeout(60_000);

const COUNTY = '510811000000';
const TOWN = '510811100000';

describe('regions: import, add, rename, delete', () => {
  let server: RunningServer;
  let admin: Api;
  let operator: Api;

  beforeAll(async () => {
    server = await startServer();
    admin = await Api.login(server.url, 'admin');
    operator = await Api.login(server.url, 'operator');
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('should report every bad row by line and import nothing, then import the corrected file', async () => {
    const bad = ['code,name,level', '510811120000,新华镇,town', '510811120201,新华村,village', '510811121201,孤村,village', '5108,坏代码,village', '510811120202,错级村,town', '510811120201,重复村,village'].join('\n');
    const r = await admin.request('POST', '/api/regions/import', bad, { 'content-type': 'text/csv' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('REGION_CSV_INVALID');
    expect(r.body.details.problems.map((p: { line: number }) => p.line)).toEqual([4, 5, 6, 7]);
    expect(r.body.message).toMatch(/第 4 行：上级区划 510811121000 既不在文件中也未导入/);
    expect((await admin.get('/api/regions/510811120000')).status).toBe(404);

    const dry = await admin.post('/api/regions/import?dryRun=true', { csv: bad });
    expect(dry.body).toMatchObject({ ok: false, dryRun: true, problems: expect.any(Array) });

    const good = ['代码,名称,级别', '510811120000,新华镇,乡镇', '510811120201,新华村,村', `${TOWN},栖凤镇（更名）,town`].join('\n');
    const ok = await admin.request('POST', '/api/regions/import', good, { 'content-type': 'text/csv' });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ ok: true, dryRun: false, created: 2, updated: 1, problems: [] });
    expect((await admin.get('/api/regions/510811120201')).body).toEqual({ code: '510811120201', name: '新华村', level: 'village', parentCode: '510811120000' });
    expect((await admin.get(`/api/regions/${TOWN}`)).body.name).toBe('栖凤镇（更名）');
  });

  it('should refuse an import by an operator', async () => {
    const r = await operator.request('POST', '/api/regions/import', 'code,name\n510811120000,新华镇', { 'content-type': 'text/csv' });
    expect(r.status).toBe(403);
  });

  it('should add a village, rename it and delete it, and refuse to delete a region with devices', async () => {
    const created = await admin.post('/api/regions', { code: '510811100299', name: '新设村', level: 'village' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ code: '510811100299', name: '新设村', level: 'village', parentCode: TOWN });
    expect((await admin.post('/api/regions', { code: '510811100299', name: '再设村' })).body.code).toBe('REGION_EXISTS');
    expect((await admin.post('/api/regions', { code: '510811199201', name: '无主村' })).body.code).toBe('REGION_INVALID');
    expect((await admin.post('/api/regions', { code: '510811100298', name: '错级村', level: 'town' })).body.code).toBe('REGION_INVALID');

    const renamed = await admin.request('PATCH', '/api/regions/510811100299', JSON.stringify({ name: '新设社区' }));
    expect(renamed.body.name).toBe('新设社区');

    const refused = await admin.request('DELETE', `/api/regions/${COUNTY}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('REGION_HAS_DEVICES');
    expect((await admin.get(`/api/regions/${COUNTY}`)).status).toBe(200);

    const deleted = await admin.request('DELETE', '/api/regions/510811120000');
    expect(deleted.body).toEqual({ code: '510811120000', deleted: 2 });
    expect((await admin.get('/api/regions/510811120201')).status).toBe(404);
  });
});
