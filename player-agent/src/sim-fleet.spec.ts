import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, parseSimDevices } from './config';
import {
  fleetFiles,
  fleetSlots,
  loadCredentials,
  loginFleetApi,
  parseAgentLogLine,
  parseFleetArgs,
  planFleet,
  prepareFleet,
  type FleetApi,
  type FleetDevice,
  type FleetKind,
  type FleetOptions,
  type FleetSlot,
} from './sim-fleet';

function options(argv: string[], env: Record<string, string> = {}): FleetOptions {
  const result = parseFleetArgs(argv, env);
  if (result.kind !== 'ok') throw new Error('expected options');
  return result.value;
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

/** Issues tokens like the server would and records every registration it was asked for. */
class FakeApi implements FleetApi {
  readonly registered: string[] = [];

  async register(slot: FleetSlot, kind: FleetKind): Promise<FleetDevice> {
    this.registered.push(slot.deviceId);
    return { deviceId: slot.deviceId, token: `token-${slot.deviceId}`, kind, regionCode: slot.regionCode };
  }

  async publicKeyPem(): Promise<string> {
    return '-----BEGIN PUBLIC KEY-----\nfake\n-----END PUBLIC KEY-----\n';
  }
}

describe('parseFleetArgs', () => {
  it('should apply the documented defaults when only count and password are given', () => {
    const o = options(['--count', '20', '--password', 'pw']);
    expect(o).toEqual({
      count: 20,
      serverUrl: 'http://127.0.0.1:3000',
      mqttUrl: 'mqtt://127.0.0.1:1883',
      username: 'admin',
      password: 'pw',
      regionCodes: ['510811100201'],
      kind: 'speaker',
      dataDir: path.resolve('./sim-data'),
    });
  });

  it('should read every flag and split a region list when all are given', () => {
    const o = options([
      '--count=3',
      '--server', 'http://10.0.0.5:8080/',
      '--mqtt', 'mqtt://10.0.0.6:1884',
      '--username', 'ops',
      '--password', 'pw',
      '--region', '510811100201, 510811100202,510811100201',
      '--kind', 'tv',
      '--data-dir', '/tmp/fleet',
    ]);
    expect(o).toEqual({
      count: 3,
      serverUrl: 'http://10.0.0.5:8080',
      mqttUrl: 'mqtt://10.0.0.6:1884',
      username: 'ops',
      password: 'pw',
      regionCodes: ['510811100201', '510811100202'],
      kind: 'tv',
      dataDir: '/tmp/fleet',
    });
  });

  it('should take the password from SUNSHINE_PASSWORD and derive the MQTT host from the server when no flags name them', () => {
    const o = options(['--count', '1', '--server', 'http://192.168.1.9:3000'], { SUNSHINE_PASSWORD: 'from-env' });
    expect(o.password).toBe('from-env');
    expect(o.mqttUrl).toBe('mqtt://192.168.1.9:1883');
  });

  it('should return the help text when --help is given', () => {
    const result = parseFleetArgs(['--help'], {});
    expect(result.kind).toBe('help');
    expect(result.kind === 'help' && result.text).toContain('--count');
  });

  it.each([
    [['--password', 'pw'], 'invalid-count'],
    [['--count', '0', '--password', 'pw'], 'invalid-count'],
    [['--count', '10001', '--password', 'pw'], 'invalid-count'],
    [['--count', '2.5', '--password', 'pw'], 'invalid-count'],
    [['--count', '5'], 'missing-password'],
    [['--count', '5', '--password', 'pw', '--region', '5108'], 'invalid-region'],
    [['--count', '5', '--password', 'pw', '--kind', 'radio'], 'invalid-kind'],
    [['--count', '5', '--password', 'pw', '--server', 'ftp://x'], 'invalid-server-url'],
    [['--count', '5', '--password', 'pw', '--mqtt', 'http://x'], 'invalid-mqtt-url'],
    [['--count', '5', '--password', 'pw', '--token', 'x'], 'unknown-flag'],
    [['--count'], 'missing-flag-value'],
  ])('should reject %j with code %s when an argument is wrong', (argv, code) => {
    expect(configError(() => parseFleetArgs(argv, {})).code).toBe(code);
  });
});

describe('fleetSlots', () => {
  it('should name devices sim-<region>-<i> and assign regions round-robin when several are given', () => {
    expect(fleetSlots(3, ['510811100201', '510811100202'])).toEqual([
      { deviceId: 'sim-510811100201-1', regionCode: '510811100201' },
      { deviceId: 'sim-510811100202-2', regionCode: '510811100202' },
      { deviceId: 'sim-510811100201-3', regionCode: '510811100201' },
    ]);
  });
});

describe('planFleet', () => {
  const known: FleetDevice[] = [{ deviceId: 'sim-510811100201-1', token: 't1', kind: 'speaker', regionCode: '510811100201' }];

  it('should reuse a device with a token on file and register only the others when some are known', () => {
    const plan = planFleet(fleetSlots(2, ['510811100201']), known, 'speaker');
    expect(plan.reuse).toEqual(known);
    expect(plan.register).toEqual([{ deviceId: 'sim-510811100201-2', regionCode: '510811100201' }]);
  });

  it('should refuse when a known device was registered as another kind', () => {
    expect(configError(() => planFleet(fleetSlots(1, ['510811100201']), known, 'tv')).code).toBe('kind-mismatch');
  });
});

describe('prepareFleet', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-fleet-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const opts = (count: number) => ({ count, serverUrl: 'http://127.0.0.1:3000', regionCodes: ['510811100201'], kind: 'speaker' as const, dataDir });

  it('should register nothing again when rerun with the same data dir', async () => {
    const first = new FakeApi();
    const a = await prepareFleet(opts(3), first);
    expect(first.registered).toEqual(['sim-510811100201-1', 'sim-510811100201-2', 'sim-510811100201-3']);
    expect([a.registered, a.reused]).toEqual([3, 0]);

    const second = new FakeApi();
    const b = await prepareFleet(opts(3), second);
    expect(second.registered).toEqual([]);
    expect([b.registered, b.reused]).toEqual([0, 3]);
    expect(b.devices.map((d) => d.token)).toEqual(['token-sim-510811100201-1', 'token-sim-510811100201-2', 'token-sim-510811100201-3']);
  });

  it('should register only the additional devices when the count grows', async () => {
    await prepareFleet(opts(2), new FakeApi());
    const api = new FakeApi();
    const grown = await prepareFleet(opts(4), api);
    expect(api.registered).toEqual(['sim-510811100201-3', 'sim-510811100201-4']);
    expect(grown.devices).toHaveLength(4);
    expect(loadCredentials(grown.files.credentialsFile)).toHaveLength(4);
  });

  it('should write a sim.js devices file with only this run and the public key when prepared', async () => {
    await prepareFleet(opts(3), new FakeApi());
    const { files } = await prepareFleet(opts(2), new FakeApi());
    expect(parseSimDevices(fs.readFileSync(files.devicesFile, 'utf8'))).toEqual([
      { deviceId: 'sim-510811100201-1', token: 'token-sim-510811100201-1' },
      { deviceId: 'sim-510811100201-2', token: 'token-sim-510811100201-2' },
    ]);
    expect(fs.readFileSync(files.keyFile, 'utf8')).toContain('BEGIN PUBLIC KEY');
  });

  it('should keep credentials of different servers apart when the same data dir serves both', async () => {
    await prepareFleet(opts(1), new FakeApi());
    const api = new FakeApi();
    await prepareFleet({ ...opts(1), serverUrl: 'http://10.0.0.5:3000' }, api);
    expect(api.registered).toEqual(['sim-510811100201-1']);
    expect(fleetFiles(dataDir, 'http://10.0.0.5:3000').dir).toBe(path.join(dataDir, '10.0.0.5-3000'));
  });

  it('should keep the tokens issued before a registration failed when one fails', async () => {
    const api = new FakeApi();
    let calls = 0;
    const failing: FleetApi = {
      register: (slot, kind) => (++calls === 3 ? Promise.reject(new Error('boom')) : api.register(slot, kind)),
      publicKeyPem: () => api.publicKeyPem(),
    };
    await expect(prepareFleet({ ...opts(3) }, failing)).rejects.toThrow('boom');
    expect(loadCredentials(fleetFiles(dataDir, 'http://127.0.0.1:3000').credentialsFile).map((d) => d.deviceId).sort()).toEqual(
      [...api.registered].sort(),
    );
    expect(api.registered.length).toBeGreaterThanOrEqual(2);
  });
});

describe('torn credentials file', () => {
  let dataDir: string;
  let file: string;
  const first: FleetDevice = { deviceId: 'sim-510811100201-1', token: 't1', kind: 'speaker', regionCode: '510811100201' };
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-cred-'));
    file = fleetFiles(dataDir, 'http://127.0.0.1:3000').credentialsFile;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(first) + '\n{"deviceId":"sim-510811100201-2","tok');
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('should skip a torn last line when the file was cut mid-append', () => {
    expect(loadCredentials(file)).toEqual([first]);
  });

  it('should keep the next registration readable when appending after a torn line', async () => {
    const api = new FakeApi();
    await prepareFleet({ count: 2, serverUrl: 'http://127.0.0.1:3000', regionCodes: ['510811100201'], kind: 'speaker', dataDir }, api);
    expect(api.registered).toEqual(['sim-510811100201-2']);
    expect(loadCredentials(file).map((d) => d.token)).toEqual(['t1', 'token-sim-510811100201-2']);
  });
});

describe('loginFleetApi', () => {
  const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('should send the bearer token and the device fields when registering', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return url.endsWith('/login') ? json(200, { token: 'jwt' }) : json(201, { device: { id: 'sim-510811100201-1' }, token: 'dev-token' });
    }) as unknown as typeof fetch;
    const api = await loginFleetApi('http://s', 'admin', 'pw', fakeFetch);
    const device = await api.register({ deviceId: 'sim-510811100201-1', regionCode: '510811100201' }, 'speaker');
    expect(device).toEqual({ deviceId: 'sim-510811100201-1', token: 'dev-token', kind: 'speaker', regionCode: '510811100201' });
    expect(calls[1].url).toBe('http://s/api/devices');
    expect((calls[1].init.headers as Record<string, string>).authorization).toBe('Bearer jwt');
    expect(JSON.parse(String(calls[1].init.body))).toMatchObject({ id: 'sim-510811100201-1', kind: 'speaker', regionCode: '510811100201' });
  });

  it('should report the server message when the login is refused', async () => {
    const fakeFetch = (async () => json(401, { code: 'invalid-credentials', message: '用户名或密码错误' })) as unknown as typeof fetch;
    await expect(loginFleetApi('http://s', 'admin', 'bad', fakeFetch)).rejects.toMatchObject({ code: 'login-failed', message: expect.stringContaining('用户名或密码错误') });
  });

  it('should say the token is missing when the server already has the device', async () => {
    const fakeFetch = (async (url: string) => (url.endsWith('/login') ? json(200, { token: 'jwt' }) : json(409, { code: 'device-exists' }))) as unknown as typeof fetch;
    const api = await loginFleetApi('http://s', 'admin', 'pw', fakeFetch);
    await expect(api.register({ deviceId: 'sim-x-1', regionCode: '510811100201' }, 'speaker')).rejects.toMatchObject({ code: 'device-exists-without-token' });
  });
});

describe('parseAgentLogLine', () => {
  it('should extract the fields fleet tools read when given a playlist line', () => {
    const line = JSON.stringify({ level: 'info', time: '2027-01-04T07:00:00.123Z', deviceId: 'sim-1', msg: '收到节目单', version: 'abc', seq: 4, items: 7 });
    expect(parseAgentLogLine(line)).toEqual({ level: 'info', msg: '收到节目单', timeMs: Date.parse('2027-01-04T07:00:00.123Z'), deviceId: 'sim-1', version: 'abc', items: 7 });
  });

  it('should return null when the line is not an agent log line', () => {
    expect(parseAgentLogLine('not json')).toBeNull();
    expect(parseAgentLogLine(JSON.stringify({ msg: 'x' }))).toBeNull();
  });
});
