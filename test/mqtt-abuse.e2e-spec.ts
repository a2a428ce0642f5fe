/**
 * Malformed MQTT traffic from an authenticated device (issue #12): oversized payloads, invalid JSON, wrong types,
 * events naming another device, publishing to another device's topic and a flood of 1,000 messages in a second,
 * all from a raw mqtt client holding a real device token. The server stays up, another device's messages are
 * still taken, the flooding device is rate limited, and the operator sees why on the device and in the log.
 */
import { topics } from '@sunshine/playlists';
import type { MqttClient } from 'mqtt';
import { Api } from './support/api-client';
import { registerDevice } from './support/editorial';
import { connectDevice } from './support/mqtt-device';
import { RunningServer, startServer, waitFor } from './support/server-process';

jest.setTimeout(120_000);

const VILLAGE = '510811100201';

describe('MQTT abuse from an authenticated device', () => {
  let server: RunningServer;
  let operator: Api;
  let bad: { id: string; token: string };
  let good: { id: string; token: string };
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    server = await startServer();
    operator = await Api.login(server.url, 'operator');
    bad = await registerDevice(operator, { id: 'abuse-bad-1', name: '滥发测试喇叭', kind: 'speaker', regionCode: VILLAGE });
    good = await registerDevice(operator, { id: 'abuse-good-1', name: '正常测试喇叭', kind: 'speaker', regionCode: VILLAGE });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
    await server?.stop();
  });

  async function connect(d: { id: string; token: string }): Promise<MqttClient> {
    const c = await connectDevice(server.mqttUrl, d.id, d.token);
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  }

  /** Publishes and waits until the broker closed the connection for it. */
  async function publishAndBeDropped(c: MqttClient, topic: string, payload: string | Buffer): Promise<void> {
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    c.publish(topic, payload, { qos: 0 });
    await closed;
  }

  const state = (deviceId: string, volume: number): string => JSON.stringify({ online: true, deviceId, at: new Date().toISOString(), agentVersion: 'e2e-abuse', volume });
  const device = async (id: string) => (await operator.get(`/api/devices/${id}`)).body as { volume: number | null; messageProblem: { code: string; message: string; dropped: number; at: string } | null };

  it('should stay up, keep serving other devices, rate limit the flooder and say why', async () => {
    let a = await connect(bad);
    const b = await connect(good);

    // Malformed: not JSON, wrong types, events naming another device.
    await a.publishAsync(topics.events(bad.id), '{"kind":"events",', { qos: 1 });
    await a.publishAsync(topics.state(bad.id), JSON.stringify({ online: 'yes', volume: 'loud' }), { qos: 1 });
    await a.publishAsync(topics.events(bad.id), JSON.stringify({ kind: 'events', deviceId: good.id, batchId: 'x', sentAt: new Date().toISOString(), playLogs: [] }), { qos: 1 });
    await a.publishAsync(topics.events(bad.id), JSON.stringify({ kind: 'events', deviceId: bad.id, batchId: 'x', sentAt: 1, playLogs: [{ id: 5, deviceId: bad.id }, 'x', null] }), { qos: 1 });
    await waitFor(async () => ((await device(bad.id)).messageProblem ? true : null), 10_000, () => `no problem recorded:\n${server.output().slice(-3000)}`);
    expect((await device(bad.id)).messageProblem?.code).toBe('MALFORMED_MESSAGE');

    // Oversized: the embedded broker drops it and closes the connection.
    await publishAndBeDropped(a, topics.events(bad.id), Buffer.alloc(2 * 1024 * 1024, 0x7b));
    a = await connect(bad);
    // Another device's topic: refused by the ACL, connection closed.
    await publishAndBeDropped(a, topics.events(good.id), JSON.stringify({ kind: 'events', deviceId: good.id, batchId: 'y', sentAt: new Date().toISOString(), playLogs: [] }));
    a = await connect(bad);

    // A flood: 1,000 messages within a second.
    for (let burst = 0; burst < 10; burst++) {
      for (let i = 0; i < 100; i++) a.publish(topics.state(bad.id), state(bad.id, (burst * 100 + i) % 101), { qos: 0 });
      await new Promise((r) => setTimeout(r, 100));
    }

    // Another device is unaffected: its state is taken at once.
    await b.publishAsync(topics.state(good.id), state(good.id, 42), { qos: 1 });
    await waitFor(async () => ((await device(good.id)).volume === 42 ? true : null), 10_000, () => `good device's state not taken:\n${server.output().slice(-3000)}`);
    expect((await device(good.id)).messageProblem).toBeNull();

    // The flooder is rate limited, and the device API and the log say so.
    const flagged = await waitFor(
      async () => {
        const p = (await device(bad.id)).messageProblem;
        return p?.code === 'RATE_LIMITED' ? p : null;
      },
      30_000,
      () => `flood not reported:\n${server.output().slice(-3000)}`,
    );
    expect(flagged.dropped).toBeGreaterThan(100);
    expect(flagged.message).toMatch(/过于频繁/);
    const log = server.output();
    expect(log).toMatch(new RegExp(`设备 ${bad.id} 的 MQTT 消息被丢弃（RATE_LIMITED`));
    expect(log).toMatch(new RegExp(`设备 ${bad.id} 的 MQTT 消息被丢弃（MALFORMED_MESSAGE`));
    expect(log).toMatch(new RegExp(`拒绝 ${bad.id} 发布到 ${topics.events(good.id)}`));
    // Throttled: a handful of lines for a thousand dropped messages, not one per message.
    expect(log.split(`设备 ${bad.id} 的 MQTT 消息被丢弃`).length - 1).toBeLessThan(10);

    // And the server is still up.
    expect((await operator.get('/api/health')).status).toBe(200);
    expect(server.proc.exitCode).toBeNull();
  });
});
