/**
 * The server's MQTT session survives its restart: with an external broker (a plain aedes on loopback standing in
 * for EMQX/Mosquitto), a device event sent while the server is down is queued by the broker for the server's
 * session and handled once the server is back, instead of dropped.
 */
import { topics } from '@sunshine/playlists';
import Aedes from 'aedes';
import mqtt from 'mqtt';
import * as net from 'node:net';
import { freePort, RunningServer, startServer, waitFor } from './support/server-process';

jest.setTimeout(90_000);

describe('server MQTT session across a restart', () => {
  let server: RunningServer;
  let broker: Aedes;
  let brokerServer: net.Server;
  let brokerUrl: string;

  beforeAll(async () => {
    broker = new Aedes();
    brokerServer = net.createServer(broker.handle);
    const port = await freePort();
    await new Promise<void>((resolve) => brokerServer.listen(port, '127.0.0.1', () => resolve()));
    brokerUrl = `mqtt://127.0.0.1:${port}`;
    server = await startServer({ env: { MQTT_URL: brokerUrl, MQTT_AUTH_SECRET: 'e2e-broker-secret-0123456789' } });
  });

  afterAll(async () => {
    await server?.stop();
    await new Promise<void>((resolve) => brokerServer?.close(() => resolve()));
    await new Promise<void>((resolve) => broker?.close(() => resolve()));
  });

  it('should handle a device event sent while the server was down', async () => {
    await server.stop();
    const device = await mqtt.connectAsync(brokerUrl, { clientId: 'e2e-session-dev', clean: true, reconnectPeriod: 0 });
    const batch = { kind: 'events', deviceId: 'e2e-session-dev', batchId: 'b-1', sentAt: new Date().toISOString(), playLogs: [], errors: [{ code: 'E2E_WHILE_DOWN', message: '服务器重启期间发送的事件' }] };
    await device.publishAsync(topics.events('e2e-session-dev'), JSON.stringify(batch), { qos: 1 });
    await device.endAsync();
    server = await startServer({ httpPort: server.httpPort, dataDir: server.dataDir, env: { MQTT_URL: brokerUrl, MQTT_AUTH_SECRET: 'e2e-broker-secret-0123456789' } });
    await waitFor(async () => (server.output().includes('E2E_WHILE_DOWN') ? true : null), 10_000, () => `event sent during the restart was not handled:\n${server.output().slice(-3000)}`);
  });
});
