/**
 * Revoking a device in the embedded broker: its live connection is dropped, and an authentication that was
 * already under way when the revocation happened (it read the old row) is refused rather than let through.
 * Real aedes on a free port and real MQTT clients; authentication is a stand-in the test controls.
 */
import { EventEmitter2 } from '@nestjs/event-emitter';
import mqtt from 'mqtt';
import { loadConfig } from '../config/app-config';
import type { AuthResult, DeviceAuthService } from './device-auth.service';
import { EmbeddedBroker } from './embedded-broker';

jest.setTimeout(20_000);

const DEVICE = 'spk-510811100201-01';
const allow: AuthResult = { ok: true, principal: { type: 'device', deviceId: DEVICE, regionCodes: ['510811100201'] } };

describe('EmbeddedBroker.revokeDevice', () => {
  let broker: EmbeddedBroker;
  let url: string;
  /** Each authentication waits on the next entry; the test decides when and how it completes. */
  let pending: Array<(r: AuthResult) => void> = [];
  let autoAllow = true;
  const clients: mqtt.MqttClient[] = [];

  beforeEach(async () => {
    pending = [];
    autoAllow = true;
    const auth = {
      authenticate: () => (autoAllow ? Promise.resolve(allow) : new Promise<AuthResult>((resolve) => pending.push(resolve))),
    } as unknown as DeviceAuthService;
    broker = new EmbeddedBroker({ ...loadConfig({}, []), mqttPort: 0, mqttHost: '127.0.0.1' }, auth, new EventEmitter2());
    url = await broker.start();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true).catch(() => undefined)));
    await broker.onModuleDestroy();
  });

  const connect = async (): Promise<mqtt.MqttClient> => {
    const c = await mqtt.connectAsync(url, { clientId: DEVICE, username: DEVICE, password: 'token', reconnectPeriod: 0 });
    clients.push(c);
    return c;
  };

  it('should drop the live connection of a revoked device', async () => {
    const client = await connect();
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    expect(await broker.revokeDevice(DEVICE, { withWill: true })).toBe(true);
    await closed;
    expect(client.connected).toBe(false);
  });

  it('should say nothing was dropped when the device is not connected', async () => {
    expect(await broker.revokeDevice(DEVICE, { withWill: false })).toBe(false);
  });

  it('should refuse an authentication that started before the revocation even though it read valid credentials', async () => {
    autoAllow = false;
    const attempt = connect().then(
      () => 'accepted',
      (err: Error) => err.message,
    );
    await waitUntil(() => pending.length === 1);
    await broker.revokeDevice(DEVICE, { withWill: true });
    pending[0](allow);
    expect(await attempt).toMatch(/Not authorized/i);
  });

  it('should accept an authentication that starts after the revocation', async () => {
    await broker.revokeDevice(DEVICE, { withWill: true });
    expect((await connect()).connected).toBe(true);
  });
});

describe('EmbeddedBroker.updateDeviceRegions', () => {
  it('should let a connected device subscribe to the alerts of the region it was moved to, and no longer the old one', async () => {
    const auth = { authenticate: () => Promise.resolve(allow) } as unknown as DeviceAuthService;
    const broker = new EmbeddedBroker({ ...loadConfig({}, []), mqttPort: 0, mqttHost: '127.0.0.1' }, auth, new EventEmitter2());
    const url = await broker.start();
    const client = await mqtt.connectAsync(url, { clientId: DEVICE, username: DEVICE, password: 'token', reconnectPeriod: 0 });
    try {
      // A refused subscription is SUBACK 128, which the client reports as an error.
      const granted = (topic: string): Promise<number> =>
        client.subscribeAsync(topic, { qos: 1 }).then(
          (g) => g[0].qos,
          () => 128,
        );
      expect(await granted('sunshine/v1/alerts/510811101201')).toBe(128);
      broker.updateDeviceRegions(DEVICE, ['510811101201', '510811101000']);
      expect(await granted('sunshine/v1/alerts/510811101201')).toBe(1);
      expect(await granted('sunshine/v1/alerts/510811100201')).toBe(128);
    } finally {
      await client.endAsync(true);
      await broker.onModuleDestroy();
    }
  });
});

describe('EmbeddedBroker retained messages', () => {
  it('should hand a subscriber the latest retained message of an exact topic, and of a wildcard filter, and none once cleared', async () => {
    const server: AuthResult = { ok: true, principal: { type: 'server' } };
    let next = allow;
    const auth = { authenticate: () => Promise.resolve(next) } as unknown as DeviceAuthService;
    const broker = new EmbeddedBroker({ ...loadConfig({}, []), mqttPort: 0, mqttHost: '127.0.0.1' }, auth, new EventEmitter2());
    const url = await broker.start();
    next = server;
    const publisher = await mqtt.connectAsync(url, { clientId: 'srv', username: 'sunshine-server', password: 'x', reconnectPeriod: 0 });
    const topic = `sunshine/v1/devices/${DEVICE}/playlist`;
    const retainedOn = async (filter: string): Promise<string[]> => {
      const c = await mqtt.connectAsync(url, { clientId: `reader-${Math.random()}`, username: 'sunshine-server', password: 'x', reconnectPeriod: 0 });
      const got: string[] = [];
      c.on('message', (_t, payload, packet) => void (packet.retain && got.push(payload.toString())));
      await c.subscribeAsync(filter, { qos: 1 });
      await new Promise((r) => setTimeout(r, 200));
      await c.endAsync(true);
      return got;
    };
    try {
      await publisher.publishAsync(topic, 'v1', { qos: 1, retain: true });
      await publisher.publishAsync(topic, 'v2', { qos: 1, retain: true });
      expect(await retainedOn(topic)).toEqual(['v2']);
      expect(await retainedOn('sunshine/v1/devices/+/playlist')).toEqual(['v2']);
      await publisher.publishAsync(topic, '', { qos: 1, retain: true });
      expect(await retainedOn(topic)).toEqual([]);
    } finally {
      await publisher.endAsync(true);
      await broker.onModuleDestroy();
    }
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}
