/**
 * The HTTP auth/ACL hooks with an external broker (MQTT_URL): here a plain aedes on loopback stands in for
 * EMQX 5 (the answers are in its HTTP authentication/authorisation formats). The hooks want the shared secret and limit wrong-secret guesses per address.
 */
import Aedes from 'aedes';
import * as net from 'node:net';
import { Api } from './support/api-client';
import { registerDevice } from './support/editorial';
import { freePort, RunningServer, startServer } from './support/server-process';

jest.setTimeout(90_000);

const SECRET = 'e2e-broker-secret-0123456789';

describe('external broker hooks', () => {
  let server: RunningServer;
  let broker: Aedes;
  let brokerServer: net.Server;

  beforeAll(async () => {
    broker = new Aedes();
    brokerServer = net.createServer(broker.handle);
    const port = await freePort();
    await new Promise<void>((resolve) => brokerServer.listen(port, '127.0.0.1', () => resolve()));
    server = await startServer({ env: { MQTT_URL: `mqtt://127.0.0.1:${port}`, MQTT_AUTH_SECRET: SECRET } });
  });

  afterAll(async () => {
    await server?.stop();
    await new Promise<void>((resolve) => brokerServer?.close(() => resolve()));
    await new Promise<void>((resolve) => broker?.close(() => resolve()));
  });

  const hook = (path: string, body: unknown, secret?: string) =>
    new Api(server.url).request('POST', path, JSON.stringify(body), secret === undefined ? {} : { 'x-sunshine-broker-secret': secret });

  it('should answer the broker with the shared secret, as the embedded broker would decide, in EMQX 5\'s formats', async () => {
    const operator = await Api.login(server.url, 'operator');
    const device = await registerDevice(operator, { id: 'e2e-hook-1', name: '外部消息服务器喇叭', kind: 'speaker', regionCode: '510811100201' });
    const allowed = await hook('/api/mqtt/auth', { clientid: device.id, username: device.id, password: device.token }, SECRET);
    expect([allowed.status, allowed.body]).toEqual([200, { result: 'allow', is_superuser: false }]);
    expect((await hook('/api/mqtt/auth', { clientid: device.id, username: device.id, password: 'wrong' }, SECRET)).body).toMatchObject({ result: 'deny', is_superuser: false });
    // Not one of ours: EMQX asks the next authenticator of its chain (none: refused).
    expect((await hook('/api/mqtt/auth', { clientid: 'ops', username: 'ops-dashboard', password: 'x' }, SECRET)).body).toMatchObject({ result: 'ignore', is_superuser: false });
    expect((await operator.post(`/api/devices/${device.id}/disable`)).status).toBe(200);
    expect((await hook('/api/mqtt/auth', { clientid: device.id, username: device.id, password: device.token }, SECRET)).body).toMatchObject({ result: 'deny', is_superuser: false });
    expect((await operator.post(`/api/devices/${device.id}/enable`)).status).toBe(200);
    expect((await hook('/api/mqtt/acl', { username: device.id, topic: `sunshine/v1/devices/${device.id}/playlist`, action: 'subscribe' }, SECRET)).body).toEqual({ result: 'allow' });
    expect((await hook('/api/mqtt/acl', { username: device.id, topic: 'sunshine/v1/devices/other/playlist', action: 'subscribe' }, SECRET)).body).toMatchObject({ result: 'deny' });
  });

  it('should document the hooks in the OpenAPI document of a server with an external broker', async () => {
    const doc = (await new Api(server.url).get('/api/docs-json')).body;
    for (const route of ['/api/mqtt/auth', '/api/mqtt/acl']) {
      const op = doc.paths[route].post;
      const verdict = route.endsWith('auth') ? 'MqttAuthVerdictDto' : 'MqttAclVerdictDto';
      expect(op.responses['200'].content['application/json'].schema.$ref).toBe(`#/components/schemas/${verdict}`);
      expect(op.responses['429'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorResponse');
      expect(op.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'x-sunshine-broker-secret', in: 'header', required: true })]));
    }
    expect(doc.components.schemas.MqttAuthVerdictDto.properties.result.enum).toEqual(['allow', 'deny', 'ignore']);
    expect(doc.components.schemas.MqttAuthVerdictDto.required).toEqual(expect.arrayContaining(['result', 'is_superuser']));
    expect(doc.components.schemas.MqttAclVerdictDto.properties.result.enum).toEqual(['allow', 'deny']);
  });

  it('should refuse a missing or wrong secret, then rate limit the guesses with 429 RATE_LIMITED', async () => {
    const missing = await hook('/api/mqtt/auth', { clientid: 'a', username: 'a', password: 'a' });
    expect([missing.status, missing.body.code]).toEqual([403, 'FORBIDDEN']);
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => hook('/api/mqtt/acl', { username: 'a', topic: 't', action: 'publish' }, `guess-${i}`)));
    const limited = guesses.filter((r) => r.status === 429);
    expect(guesses.every((r) => r.status === 403 || r.status === 429)).toBe(true);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].body).toEqual({ code: 'RATE_LIMITED', message: '消息服务器鉴权请求过于频繁，请稍后再试', details: { retryAfterMs: expect.any(Number) } });
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
