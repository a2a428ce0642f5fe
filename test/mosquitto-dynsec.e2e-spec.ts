/**
 * Mosquitto 2 with the dynamic-security plugin as the county's broker (MQTT_BROKER=mosquitto-dynsec): the server
 * provisions every device's account and role; the broker itself enforces them. Raw MQTT clients stand in for
 * agents. Skipped, with the reason in its title, where Mosquitto is not installed.
 */
import { topics } from '@sunshine/playlists';
import mqtt, { MqttClient } from 'mqtt';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Api } from './support/api-client';
import { registerDevice } from './support/editorial';
import { mosquittoInstall, RunningMosquitto, startMosquitto } from './support/mosquitto';
import { brokerAnswer, connectDevice } from './support/mqtt-device';
import { RunningServer, startServer, waitFor } from './support/server-process';

jest.setTimeout(120_000);

const VILLAGE = '510811100201';
const TOWN = '510811100000';
const OTHER_VILLAGE = '510811101201';
const OTHER_TOWN = '510811101000';

const install = mosquittoInstall();
const describeMosquitto = 'missing' in install ? describe.skip : describe;
const title = 'missing' in install ? ` (skipped: ${install.missing})` : '';

describeMosquitto(`Mosquitto 2 + dynamic security: the broker enforces the accounts the server provisions${title}`, () => {
  let broker: RunningMosquitto;
  let server: RunningServer;
  let operator: Api;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    if ('missing' in install) return;
    broker = await startMosquitto(install);
    server = await startServer({ broker });
    operator = await Api.login(server.url, 'operator');
  });

  afterAll(async () => {
    if (process.env.DEBUG_MOSQUITTO) console.log(broker?.output());
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
    await server?.stop();
    await broker?.stop();
  });

  const track = (c: MqttClient): MqttClient => (clients.push(c), c);

  /** A client with the server's own credentials (provisioned in Mosquitto by the server at start). */
  async function serverClient(): Promise<MqttClient> {
    const password = fs.readFileSync(path.join(server.dataDir, 'secrets', 'mqtt-server.secret'), 'utf8').trim();
    return track(await mqtt.connectAsync(broker.url, { clientId: `e2e-observer-${Date.now()}`, username: 'sunshine-server', password, reconnectPeriod: 0 }));
  }

  /** The retained message a fresh subscriber with these credentials gets on `topic` (null: none), read up to a marker. */
  async function retainedOn(client: MqttClient, topic: string, marker: { topic: string; publisher: MqttClient }): Promise<string | null> {
    let retained: string | null = null;
    const markerSeen = new Promise<void>((resolve) =>
      client.on('message', (t, payload, packet) => {
        if (t === topic && packet.retain && payload.length > 0) retained = payload.toString();
        if (t === marker.topic) resolve();
      }),
    );
    await client.subscribeAsync(topic, { qos: 1 });
    // Retained messages follow the SUBACK; a message published after it arrives behind them.
    await client.subscribeAsync(marker.topic, { qos: 1 });
    await marker.publisher.publishAsync(marker.topic, `m-${Date.now()}`, { qos: 1 });
    await markerSeen;
    return retained;
  }

  const subscribed = async (c: MqttClient, topic: string): Promise<boolean> =>
    c.subscribeAsync(topic, { qos: 1 }).then(
      (granted) => granted.every((g) => g.qos !== 128),
      () => false,
    );

  async function retainedPlaylistVersion(id: string, token: string): Promise<string | null> {
    // The device reads its own playlist; its own command topic is the marker (the server may publish to it).
    const device = track(await connectDevice(broker.url, id, token));
    const observer = await serverClient();
    try {
      const raw = await retainedOn(device, topics.playlist(id), { topic: topics.command(id), publisher: observer });
      return raw === null ? null : (JSON.parse(raw) as { payload: { version: string } }).payload.version;
    } finally {
      await device.endAsync(true);
      await observer.endAsync(true);
    }
  }

  it('should let a device subscribe and publish only on its own topics and its region chain\'s alerts', async () => {
    const { id, token } = await registerDevice(operator, { id: 'mq-spk-01', name: 'Mosquitto 喇叭', kind: 'speaker', regionCode: VILLAGE });
    const other = await registerDevice(operator, { id: 'mq-spk-02', name: '另一台喇叭', kind: 'speaker', regionCode: OTHER_VILLAGE });
    const device = track(await connectDevice(broker.url, id, token));

    for (const allowed of [topics.playlist(id), topics.command(id), topics.alert(VILLAGE), topics.alert(TOWN), topics.alert('510811000000')]) {
      expect([allowed, await subscribed(device, allowed)]).toEqual([allowed, true]);
    }
    for (const denied of [topics.playlist(other.id), topics.command(other.id), topics.alert(OTHER_TOWN), 'sunshine/v1/devices/+/playlist', 'sunshine/v1/#', '#', topics.state(id)]) {
      expect([denied, await subscribed(device, denied)]).toEqual([denied, false]);
    }

    // Publishing: the broker drops what the role does not grant. The observer sees everything under the root; the
    // device's own state, published last, arrives after anything that got through before it.
    const observer = await serverClient();
    const seen: string[] = [];
    const ownStateSeen = new Promise<void>((resolve) =>
      observer.on('message', (t, payload) => {
        if (payload.toString() === 'intruder') seen.push(t);
        if (t === topics.state(id) && payload.toString() === 'intruder') resolve();
      }),
    );
    await observer.subscribeAsync('sunshine/v1/#', { qos: 1 });
    for (const t of [topics.state(other.id), topics.events(other.id), topics.playlist(id), topics.command(id), topics.alert(VILLAGE), topics.playlist(other.id)]) {
      await device.publishAsync(t, 'intruder', { qos: 1 });
    }
    await device.publishAsync(topics.events(id), 'intruder', { qos: 1 });
    await device.publishAsync(topics.state(id), 'intruder', { qos: 1 });
    await ownStateSeen;
    expect(seen).toEqual([topics.events(id), topics.state(id)]);

    // The client id must be the device id, and a wrong token is refused.
    await expect(mqtt.connectAsync(broker.url, { clientId: 'someone-else', username: id, password: token, reconnectPeriod: 0 })).rejects.toThrow(/Not authorized/);
    expect(await brokerAnswer(broker.url, id, 'wrong-token')).toMatch(/Not authorized|Bad username or password/);
  });

  it('should move the alert topics with the device when its region changes', async () => {
    const { id, token } = await registerDevice(operator, { id: 'mq-spk-move', name: '搬迁喇叭', kind: 'speaker', regionCode: VILLAGE });
    const patched = await operator.request('PATCH', `/api/devices/${id}`, JSON.stringify({ regionCode: OTHER_VILLAGE }));
    expect(patched.status).toBe(200);
    const device = track(await connectDevice(broker.url, id, token));
    expect(await subscribed(device, topics.alert(OTHER_VILLAGE))).toBe(true);
    expect(await subscribed(device, topics.alert(OTHER_TOWN))).toBe(true);
    expect(await subscribed(device, topics.alert(VILLAGE))).toBe(false);
    expect(await subscribed(device, topics.alert(TOWN))).toBe(false);
  });

  it('should drop and refuse a disabled device, let it back when enabled, and refuse a rotated token at once', async () => {
    const { id, token } = await registerDevice(operator, { id: 'mq-spk-life', name: '生命周期喇叭', kind: 'speaker', regionCode: VILLAGE });
    const client = track(await connectDevice(broker.url, id, token));
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    expect((await operator.post(`/api/devices/${id}/disable`)).status).toBe(200);
    await closed;
    expect(await brokerAnswer(broker.url, id, token)).toMatch(/Not authorized/);

    expect((await operator.post(`/api/devices/${id}/enable`)).status).toBe(200);
    expect(await brokerAnswer(broker.url, id, token)).toBe('accepted');

    const again = track(await connectDevice(broker.url, id, token));
    const closedAgain = new Promise<void>((resolve) => again.once('close', () => resolve()));
    const rotated = await operator.post(`/api/devices/${id}/rotate-token`);
    expect(rotated.status).toBe(200);
    await closedAgain;
    expect(await brokerAnswer(broker.url, id, token)).toMatch(/Not authorized/);
    expect(await brokerAnswer(broker.url, id, rotated.body.token)).toBe('accepted');

    expect((await operator.request('DELETE', `/api/devices/${id}`)).status).toBe(200);
    expect(await brokerAnswer(broker.url, id, rotated.body.token)).toMatch(/Not authorized/);
  });

  it('should keep the retained playlist across a Mosquitto restart (persistence on)', async () => {
    const { id, token } = await registerDevice(operator, { id: 'mq-spk-keep', name: '保留播放单喇叭', kind: 'speaker', regionCode: VILLAGE });
    const published = await waitFor(async () => {
      const r = await operator.get(`/api/devices/${id}/playlist`);
      return r.status === 200 ? (r.body.envelope.payload.version as string) : null;
    }, 20_000, () => `no playlist published for ${id}:\n${server.output()}`);
    expect(await waitFor(() => retainedPlaylistVersion(id, token), 20_000, () => 'no retained playlist before the restart')).toBe(published);

    await broker.restart();
    // Provisioning goes on at once (the admin client waits for its reconnect and its response subscription).
    const rotated = await operator.post(`/api/devices/${id}/rotate-token`);
    expect(rotated.status).toBe(200);
    // The server's client reconnects by itself; the device reads the broker's persisted copy, not a re-publish.
    expect(await retainedPlaylistVersion(id, rotated.body.token)).toBe(published);
    expect(server.output()).not.toMatch(/已恢复 \d+ 台设备的保留播放列表/);
  });

  it('should restore, at the next start, device accounts the broker lost', async () => {
    const { id, token } = await registerDevice(operator, { id: 'mq-spk-sync', name: '同步喇叭', kind: 'speaker', regionCode: VILLAGE });
    // Someone edits the broker by hand: takes the role from the device and an ACL from the role. (Not deleteRole:
    // Mosquitto 2.0.11 crashes on the next listing when a role still held by a client is deleted.)
    const admin = track(await mqtt.connectAsync(broker.url, { clientId: 'e2e-admin', username: broker.admin.username, password: broker.admin.password, reconnectPeriod: 0 }));
    const rolename = `sunshine-device-${id}`;
    const drift = [
      { command: 'removeClientRole', username: id, rolename },
      { command: 'removeRoleACL', rolename, acltype: 'subscribeLiteral', topic: topics.command(id) },
    ];
    await admin.publishAsync('$CONTROL/dynamic-security/v1', JSON.stringify({ commands: drift }), { qos: 1 });
    await waitFor(async () => {
      const c = await connectDevice(broker.url, id, token);
      try {
        return (await subscribed(c, topics.playlist(id))) ? null : true;
      } finally {
        await c.endAsync(true);
      }
    }, 10_000, () => 'role removal did not take effect');

    await server.stop();
    server = await startServer({ broker, dataDir: server.dataDir, httpPort: server.httpPort });
    const device = track(await connectDevice(broker.url, id, token));
    expect(await subscribed(device, topics.playlist(id))).toBe(true);
    expect(await subscribed(device, topics.command(id))).toBe(true);
    expect(server.output()).toMatch(/Mosquitto 设备账号已与设备表同步/);
  });

  it('should answer 503 BROKER_UNAVAILABLE, not 500, when Mosquitto is down, and follow a retried disable once it is back', async () => {
    const { id, token } = await registerDevice(operator, { id: 'mq-spk-down', name: '断网喇叭', kind: 'speaker', regionCode: VILLAGE });
    await broker.stop();
    const failed = await operator.post(`/api/devices/${id}/disable`);
    expect([failed.status, failed.body.code]).toEqual([503, 'BROKER_UNAVAILABLE']);
    expect(failed.body.message).toMatch(/消息服务器（Mosquitto 动态安全插件）未能停用设备账号/);
    await broker.restart();
    expect(await brokerAnswer(broker.url, id, token)).toBe('accepted');
    expect((await operator.post(`/api/devices/${id}/disable`)).status).toBe(200);
    expect(await brokerAnswer(broker.url, id, token)).toMatch(/Not authorized/);
  });
});
