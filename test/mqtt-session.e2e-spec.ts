/**
 * The server's MQTT session is persistent: with an external broker, what a device publishes while the server is
 * down — its state, a play log, a command result, an alert acknowledgement — is queued by the broker for the
 * server's session and handled once the server is back, after a clean stop and after kill -9. Runs against an
 * aedes on loopback (the HTTP-hooks mode's stand-in for EMQX) and a private Mosquitto 2 with dynamic security
 * (skipped, saying why, where it is not installed). The embedded broker stops with the server, so no device can
 * publish to it meanwhile: nothing to test there.
 *
 * A raw MQTT client stands in for the agent: it sends each message once and never again, so only the broker's
 * queue can bring it to the server (a real agent resends unacknowledged play logs, which would hide a lost one).
 * Results are read back through the API, polled until present.
 */
import { topics } from '@sunshine/playlists';
import Aedes from 'aedes';
import { MqttClient } from 'mqtt';
import * as net from 'node:net';
import { Api } from './support/api-client';
import { registerDevice } from './support/editorial';
import { mosquittoInstall, startMosquitto } from './support/mosquitto';
import { connectDevice } from './support/mqtt-device';
import { freePort, RunningServer, startServer, waitFor } from './support/server-process';
import { killHard } from './support/worker-process';

jest.setTimeout(240_000);

const VILLAGE = '510811100201';
/** Polling deadline for what the restarted server handles: generous, the machine is shared; not a speed check. */
const HANDLED_WITHIN_MS = 90_000;

interface ExternalBroker {
  url: string;
  serverEnv: Record<string, string>;
  stop: () => Promise<void>;
}

async function startAedes(): Promise<ExternalBroker> {
  const broker = new Aedes();
  const server = net.createServer(broker.handle);
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const url = `mqtt://127.0.0.1:${port}`;
  return {
    url,
    serverEnv: { MQTT_URL: url, MQTT_AUTH_SECRET: 'e2e-broker-secret-0123456789', PUBLIC_MQTT_URL: url },
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

const install = mosquittoInstall();
const variants: Array<{ title: string; start: (() => Promise<ExternalBroker>) | null }> = [
  { title: 'aedes on loopback (http-hooks)', start: startAedes },
  'missing' in install
    ? { title: `Mosquitto 2 + dynamic security (skipped: ${install.missing})`, start: null }
    : { title: 'Mosquitto 2 + dynamic security', start: () => startMosquitto(install) },
];

const STOPS: Array<[string, (server: RunningServer) => Promise<void>]> = [
  ['a clean stop (SIGTERM)', (server) => server.stop()],
  ['kill -9', (server) => killHard(server.proc)],
];

for (const variant of variants) {
  const describeVariant = variant.start ? describe : describe.skip;
  describeVariant(`device events sent while the server is down are handled after its restart [${variant.title}]`, () => {
    let broker: ExternalBroker;
    let server: RunningServer;
    let operator: Api;
    let duty: Api;
    const devices: MqttClient[] = [];

    beforeAll(async () => {
      broker = await variant.start!();
      server = await startServer({ broker, env: { EDGE_TTS: 'off' } });
      operator = await Api.login(server.url, 'operator');
      duty = await Api.login(server.url, 'duty');
    });

    afterAll(async () => {
      await Promise.all(devices.map((d) => d.endAsync(true).catch(() => undefined)));
      await server?.stop();
      await broker?.stop();
    });

    it.each(STOPS)('should store the state, play log, command result and alert ack a device sent during %s', async (stopName, stop) => {
      const slug = stopName.startsWith('kill') ? 'kill' : 'term';
      const { id, token } = await registerDevice(operator, { id: `sess-${slug}-spk`, name: `会话测试喇叭（${slug}）`, kind: 'speaker', regionCode: VILLAGE });
      const command = await operator.post(`/api/devices/${id}/commands`, { type: 'identify' });
      expect(command.status).toBe(202);
      const alert = await duty.post('/api/alerts', { text: `会话测试：${stopName}期间的应急广播回执。`, regionCodes: [VILLAGE], level: 4, repeat: 1 });
      expect(alert.status).toBe(201);
      const device = await connectDevice(broker.url, id, token);
      devices.push(device);

      await stop(server);

      const now = new Date().toISOString();
      const playLogId = `sess-${slug}-log-1`;
      // Not retained, unlike an agent's state: a retained copy would reach the server on its re-subscribe anyway.
      await device.publishAsync(topics.state(id), JSON.stringify({ online: true, deviceId: id, at: now, agentVersion: 'e2e-session', volume: 37 }), { qos: 1 });
      const batch = {
        kind: 'events',
        deviceId: id,
        batchId: `sess-${slug}-batch`,
        sentAt: now,
        playLogs: [
          { id: playLogId, deviceId: id, contentId: 'e2e-session-content', sha256: 'a'.repeat(64), startedAt: now, endedAt: now, playedMs: 1000, outcome: 'completed' },
        ],
        commandResults: [{ commandId: command.body.id, ok: true, message: `${stopName}期间执行` }],
        alertAcks: [{ id: `sess-${slug}-ack-1`, alertId: alert.body.id, state: 'success', at: now }],
        errors: [],
      };
      await device.publishAsync(topics.events(id), JSON.stringify(batch), { qos: 1 });

      server = await startServer({ httpPort: server.httpPort, dataDir: server.dataDir, broker, env: { EDGE_TTS: 'off' } });

      const seen = async (): Promise<Record<string, unknown>> => ({
        state: (await operator.get(`/api/devices/${id}`)).body,
        playLogs: (await operator.get(`/api/playlogs?deviceId=${id}`)).body,
        commands: (await operator.get(`/api/devices/${id}/commands`)).body,
        alertDevices: (await duty.get(`/api/alerts/${alert.body.id}/devices`)).body,
      });
      const handled = await waitFor(
        async () => {
          const s = await seen();
          const ok =
            (s.state as { volume: number | null }).volume === 37 &&
            (s.playLogs as Array<{ id: string }>).some((l) => l.id === playLogId) &&
            (s.commands as Array<{ id: string; result: string }>).some((c) => c.id === command.body.id && c.result === 'ok') &&
            (s.alertDevices as Array<{ deviceId: string; state: string }>).some((d) => d.deviceId === id && d.state === 'success');
          return ok ? s : null;
        },
        HANDLED_WITHIN_MS,
        async () => `not everything sent during ${stopName} was handled: ${JSON.stringify(await seen().catch((e: Error) => e.message))}\n${server.output().slice(-4000)}`,
      );
      expect(handled.state).toMatchObject({ volume: 37, agentVersion: 'e2e-session' });
    });
  });
}
