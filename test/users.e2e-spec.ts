/**
 * A real county's accounts against the built server: town-scoped editors, operators and duty officers stay
 * inside their town (also through tags, kinds and device ids that would reach further), disabling ends a
 * session at once, a reset forces a new password, five failed logins lock, and a county starts from nothing
 * with `npm run setup` (DEMO=0); production refuses demo passwords (exit 2).
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Api } from './support/api-client';
import { approvedNotice } from './support/editorial';
import { runNode as run } from './support/run-process';
import { freePort, ROOT, RunningServer, startServer, tempDir, SERVER_MAIN, stopProcess } from './support/server-process';

jest.setTimeout(120_000);

const QINGSHI = '510811100000';
const QINGSHI_VILLAGE = '510811100201';
const BAIHE = '510811101000';
const BAIHE_SPEAKER = 'spk-510811101201-01';
const COUNTY = '510811000000';
const SETUP_CLI = path.join(ROOT, 'dist/server/src/cli/setup-cli.js');

describe('users: region-scoped roles, sessions, throttling, first run', () => {
  let server: RunningServer;
  let admin: Api;

  beforeAll(async () => {
    server = await startServer();
    admin = await Api.login(server.url, 'admin');
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function createUser(username: string, roles: string[], scopeRegionCode: string | null, password = 'Town-Passw0rd-2026'): Promise<{ id: string; api: Api }> {
    const created = await admin.post('/api/users', { username, displayName: `${username} 测试`, password, roles, scopeRegionCode });
    expect(created.status).toBe(201);
    return { id: created.body.id, api: await Api.login(server.url, username, password) };
  }

  it('should keep a town editor and operator inside their town, also through tags, kinds and device ids', async () => {
    const [editor, reviewer] = await Promise.all(['editor', 'reviewer'].map((u) => Api.login(server.url, u)));
    const { contentId } = await approvedNotice(editor, reviewer, { title: '青石镇秋季防火通知', body: '请各村注意秋季防火，不要在山林中用火。', department: '青石镇人民政府' });
    const { api: town } = await createUser('qingshi-xc', ['editor', 'operator'], QINGSHI);
    const schedule = (targets: Record<string, unknown>) => town.post('/api/schedules', { contentId, targets, times: ['09:00'] });

    const own = await schedule({ regionCodes: [QINGSHI_VILLAGE] });
    expect(own.status).toBe(201);
    expect(own.body.targetedDevices).toEqual([`spk-${QINGSHI_VILLAGE}-01`]);
    // The service-hall screens stand only in 青石镇: a tag that stays inside the town is fine, and the schedule
    // keeps the town as its bound, so a device with that tag added elsewhere later is not reached.
    const byTag = await schedule({ tags: ['service-hall'] });
    expect(byTag.status).toBe(201);
    expect(byTag.body.schedule.targets).toMatchObject({ tags: ['service-hall'], within: [QINGSHI] });
    const operator = await Api.login(server.url, 'operator');
    expect((await operator.post('/api/devices', { name: '白鹤镇大厅电视', kind: 'tv', regionCode: BAIHE, tags: ['service-hall'] })).status).toBe(201);
    expect((await schedule({ tags: ['service-hall'] })).status).toBe(403);

    for (const targets of [{ regionCodes: [BAIHE] }, { regionCodes: [COUNTY] }, { tags: ['village'] }, { kinds: ['speaker'] }, { deviceIds: [BAIHE_SPEAKER] }]) {
      const r = await schedule(targets);
      expect({ targets, status: r.status, code: r.body.code }).toEqual({ targets, status: 403, code: 'OUT_OF_SCOPE' });
      expect(r.body.message).toContain('超出管辖范围');
    }

    const devices = await town.get('/api/devices');
    expect(devices.status).toBe(200);
    expect(devices.body.length).toBeGreaterThan(0);
    expect(devices.body.every((d: { regionCode: string }) => d.regionCode.startsWith('510811100'))).toBe(true);
    expect((await town.get(`/api/devices/${BAIHE_SPEAKER}`)).status).toBe(403);
    expect((await town.post(`/api/devices/${BAIHE_SPEAKER}/commands`, { type: 'identify' })).status).toBe(403);
    expect((await town.post('/api/devices', { name: '白鹤镇新喇叭', kind: 'speaker', regionCode: '510811101202' })).status).toBe(403);
    const registered = await town.post('/api/devices', { name: '柏林村新喇叭', kind: 'speaker', regionCode: QINGSHI_VILLAGE });
    expect(registered.status).toBe(201);

    const schedules = await town.get('/api/schedules');
    expect(schedules.body.map((s: { id: string }) => s.id)).toContain(own.body.schedule.id);
    const audit = await admin.get(`/api/audit?action=device.register&targetId=${registered.body.device.id}`);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ actorName: 'qingshi-xc', ip: '127.0.0.1', targetType: 'device' });
  });

  it('should scope the console views of a town account: device count, timeline, dashboard, paged lists', async () => {
    const { api: town } = await createUser('qingshi-view', ['operator', 'emergency'], QINGSHI);
    const county = await Api.login(server.url, 'operator');

    // The same kind reaches the whole county for a county account, only 青石镇 for the town account.
    const all = await county.post('/api/devices/count', { kinds: ['speaker'] });
    const mine = await town.post('/api/devices/count', { kinds: ['speaker'] });
    expect(mine.status).toBe(200);
    expect(mine.body.count).toBeGreaterThan(0);
    expect(mine.body.count).toBeLessThan(all.body.count);
    expect(mine.body.byTown.map((t: { code: string }) => t.code)).toEqual([QINGSHI]);

    const day = new Date().toISOString().slice(0, 10);
    expect((await town.get(`/api/devices/${BAIHE_SPEAKER}/timeline?date=${day}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await town.get(`/api/devices/spk-${QINGSHI_VILLAGE}-01/timeline?date=${day}`)).status).toBe(200);

    const dashboard = await town.get('/api/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.towns.map((t: { code: string }) => t.code)).toEqual([QINGSHI]);
    expect(dashboard.body.problemDevices.every((d: { regionCode: string }) => d.regionCode.startsWith('510811100'))).toBe(true);
    expect((await county.get('/api/dashboard')).body.towns.length).toBeGreaterThan(1);

    const page = await town.get('/api/devices?page=1&pageSize=200');
    expect(page.body.total).toBe(page.body.items.length);
    expect(page.body.items.every((d: { regionCode: string }) => d.regionCode.startsWith('510811100'))).toBe(true);
    expect((await town.get(`/api/playlogs?deviceId=${BAIHE_SPEAKER}&page=1`)).status).toBe(403);
    const [editor, reviewer] = await Promise.all(['editor', 'reviewer'].map((u) => Api.login(server.url, u)));
    const { contentId } = await approvedNotice(editor, reviewer, { title: '青石镇冬季用电安全', body: '请各户注意冬季用电安全。', department: '青石镇人民政府' });
    const preview = (regionCodes: string[]) => town.post('/api/schedules/preview', { contentId, targets: { regionCodes }, times: ['09:00'] });
    expect((await preview([BAIHE])).body.code).toBe('OUT_OF_SCOPE');
    expect((await preview([QINGSHI])).status).toBe(200);
  });

  it('should keep device administration of a town operator inside the town, and audit it', async () => {
    const { api: town } = await createUser('qingshi-ops', ['operator'], QINGSHI);
    const own = await town.post('/api/devices', { id: 'qs-ops-spk-01', name: '柏林村二号喇叭', kind: 'speaker', regionCode: QINGSHI_VILLAGE });
    expect(own.status).toBe(201);

    for (const [method, url] of [['POST', 'disable'], ['POST', 'enable'], ['POST', 'rotate-token'], ['DELETE', '']] as const) {
      const r = await town.request(method, `/api/devices/${BAIHE_SPEAKER}${url ? `/${url}` : ''}`);
      expect({ url, status: r.status, code: r.body.code }).toEqual({ url, status: 403, code: 'OUT_OF_SCOPE' });
    }
    expect((await town.request('PATCH', `/api/devices/${BAIHE_SPEAKER}`, JSON.stringify({ name: '改名' }))).status).toBe(403);
    // Its own device may be renamed, not moved out of the town.
    expect((await town.request('PATCH', '/api/devices/qs-ops-spk-01', JSON.stringify({ regionCode: '510811101201' }))).body.code).toBe('OUT_OF_SCOPE');
    expect((await town.request('PATCH', '/api/devices/qs-ops-spk-01', JSON.stringify({ name: '柏林村村口喇叭' }))).status).toBe(200);
    expect((await town.post('/api/devices/qs-ops-spk-01/disable')).status).toBe(200);

    const csv = ['name,kind,regionCode,id', `柏林村三号喇叭,speaker,${QINGSHI_VILLAGE},qs-ops-spk-02`, '白鹤村喇叭,speaker,510811101201,qs-ops-spk-03'].join('\n');
    const bulk = await town.request('POST', '/api/devices/bulk', csv, { 'content-type': 'text/csv' });
    expect(bulk.status).toBe(400);
    expect(bulk.body.details.problems).toEqual([{ line: 3, reason: expect.stringContaining('超出管辖范围') }]);
    expect((await town.get('/api/devices/qs-ops-spk-02')).status).toBe(404);

    const audit = await admin.get('/api/audit?targetId=qs-ops-spk-01');
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['device.disable', 'device.register', 'device.update']);
    expect(audit.body.items.every((e: { actorName: string }) => e.actorName === 'qingshi-ops')).toBe(true);
  });

  it('should let a town duty officer alert only their town', async () => {
    const { api: duty } = await createUser('qingshi-duty', ['emergency'], QINGSHI);
    const alert = (regionCodes: string[]) => duty.post('/api/alerts', { text: '青石镇演练：请注意防范山洪。', regionCodes, level: 4, expiresAt: new Date(Date.now() + 600_000).toISOString() });
    for (const codes of [[BAIHE], [COUNTY], [QINGSHI, BAIHE]]) {
      const r = await alert(codes);
      expect({ codes, status: r.status, code: r.body.code }).toEqual({ codes, status: 403, code: 'OUT_OF_SCOPE' });
    }
    const ok = await alert([QINGSHI]);
    expect(ok.status).toBe(201);
    expect((await duty.get('/api/alerts')).body.map((a: { id: string }) => a.id)).toContain(ok.body.id);
  });

  it('should answer 401 to the next request of a user the administrator disabled', async () => {
    const { id, api } = await createUser('temp-clerk', ['editor'], null);
    expect((await api.get('/api/contents')).status).toBe(200);
    expect((await admin.request('PATCH', `/api/users/${id}`, JSON.stringify({ disabled: true }))).status).toBe(200);
    const after = await api.get('/api/contents');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
    const audit = await admin.get(`/api/audit?action=user.disable&targetId=${id}`);
    expect(audit.body.total).toBe(1);
  });

  it('should make a user change a reset password before anything else, and end their old session', async () => {
    const { id, api: before } = await createUser('reset-me', ['editor'], null);
    const reset = await admin.post(`/api/users/${id}/reset-password`);
    expect(reset.status).toBe(200);
    const otp: string = reset.body.oneTimePassword;
    expect((await before.get('/api/contents')).status).toBe(401);

    const login = await new Api(server.url).post('/api/auth/login', { username: 'reset-me', password: otp });
    expect(login.status).toBe(200);
    expect(login.body.mustChangePassword).toBe(true);
    const limited = new Api(server.url, login.body.token);
    const refused = await limited.get('/api/contents');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await limited.post('/api/auth/password', { oldPassword: otp, newPassword: 'short' })).body.code).toBe('WEAK_PASSWORD');
    expect((await limited.post('/api/auth/password', { oldPassword: otp, newPassword: 'my-reset-me-pass' })).body.code).toBe('WEAK_PASSWORD');
    const changed = await limited.post('/api/auth/password', { oldPassword: otp, newPassword: 'Fresh-Passw0rd-9' });
    expect(changed.status).toBe(200);
    expect(changed.body.mustChangePassword).toBe(false);
    expect((await new Api(server.url, changed.body.token).get('/api/contents')).status).toBe(200);
  });

  it('should lock an account after five failed logins until an administrator unlocks it', async () => {
    const { id } = await createUser('lock-me', ['editor'], null);
    const attempt = (password: string) => new Api(server.url).post('/api/auth/login', { username: 'lock-me', password });
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong-${i}-password`)).status).toBe(401);
    const locked = await attempt('Town-Passw0rd-2026');
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('LOGIN_LOCKED');
    const listed = (await admin.get('/api/users')).body.find((u: { id: string }) => u.id === id);
    expect(listed.lockedUntil).not.toBeNull();
    const failures = await admin.get('/api/audit?action=login.failure&actor=lock-me');
    expect(failures.body.total).toBe(5);

    expect((await admin.post(`/api/users/${id}/unlock`)).status).toBe(200);
    expect((await attempt('Town-Passw0rd-2026')).status).toBe(200);
  });

  it('should refuse a second set-up once users exist', async () => {
    expect((await new Api(server.url).get('/api/setup')).body).toEqual({ needed: false });
    const r = await new Api(server.url).post('/api/setup', { adminUsername: 'intruder', adminPassword: 'Intruder-Passw0rd', countyCode: '510811', countyName: '栖凤区' });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('SETUP_ALREADY_DONE');
  });

  it('should refuse to start in production while demo passwords are in place (exit code 2)', async () => {
    await server.stop();
    const [httpPort, mqttPort] = [await freePort(), await freePort()];
    const r = await run(SERVER_MAIN, [], { NODE_ENV: 'production', DATA_DIR: server.dataDir, PORT: String(httpPort), MQTT_PORT: String(mqttPort), HOST: '127.0.0.1', MQTT_HOST: '127.0.0.1' });
    expect(r.code).toBe(2);
    expect(r.out).toContain('演示密码');
  });

  it('should start a county from nothing with the setup command (DEMO=0), importing its towns from a CSV', async () => {
    const dataDir = tempDir('setup');
    const csvFile = path.join(dataDir, 'regions.csv');
    writeFileSync(csvFile, `code,name,level\n${QINGSHI},青石镇,town\n${QINGSHI_VILLAGE},柏林村,village\n`);
    const args = ['--admin', 'chief', '--password', 'Qifeng-Admin-2026', '--county-code', '510811', '--county-name', '栖凤区', '--data-dir', dataDir];
    const first = await run(SETUP_CLI, [...args, '--regions-csv', csvFile], {});
    expect(first.out).toContain('首次设置完成');
    expect(first.out).toContain('新增 2 个');
    expect(first.code).toBe(0);
    const again = await run(SETUP_CLI, args, {});
    expect(again.code).toBe(1);
    expect(again.out).toContain('SETUP_ALREADY_DONE');

    const fresh = await startServer({ dataDir, env: { DEMO: '0' } });
    try {
      expect((await new Api(fresh.url).get('/api/setup')).body).toEqual({ needed: false });
      const chief = await Api.login(fresh.url, 'chief', 'Qifeng-Admin-2026');
      expect((await chief.get('/api/regions')).body).toEqual([
        { code: COUNTY, name: '栖凤区', level: 'county', parentCode: null },
        { code: QINGSHI, name: '青石镇', level: 'town', parentCode: COUNTY },
        { code: QINGSHI_VILLAGE, name: '柏林村', level: 'village', parentCode: QINGSHI },
      ]);
      expect((await chief.get('/api/users')).body.map((u: { username: string }) => u.username)).toEqual(['chief']);
      expect((await chief.get('/api/devices')).body).toEqual([]);
    } finally {
      await stopProcess(fresh.proc);
    }
  });
});
