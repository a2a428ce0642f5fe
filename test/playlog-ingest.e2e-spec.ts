/**
 * Play log ingestion over the broker (issue #12): a play log is keyed by (device, the agent's id). Two devices
 * that chose the same id both count; one device resending its batch stores nothing twice; each device is
 * acknowledged its own ids. Runs on SQLite and, in CI's second run, on PostgreSQL, where it also shows that
 * stored times do not move when the server restarts under another local time zone.
 */
import { keyIdOf, loadPublicKey, verifyEnvelope } from '@sunshine/playlists';
import type { MqttClient } from 'mqtt';
import { Api } from './support/api-client';
import { registerDevice } from './support/editorial';
import { connectDevice } from './support/mqtt-device';
import { RunningServer, startServer, waitFor } from './support/server-process';

jest.setTimeout(120_000);

const VILLAGE = '510811100201';

describe('play log ingestion keyed by (device, id)', () => {
  let server: RunningServer;
  let operator: Api;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    // A local time zone that is not UTC: stored instants must not depend on it (see the restart below).
    server = await startServer({ env: { TZ: 'Asia/Shanghai' } });
    operator = await Api.login(server.url, 'operator');
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await server?.stop();
  });

  const entry = (deviceId: string, id: string, playedMs: number) => ({
    id,
    deviceId,
    slotId: null,
    scheduleId: null,
    contentId: 'c-shared-id',
    revisionId: null,
    sha256: 'c'.repeat(64),
    startedAt: '2026-12-01T08:00:00.000Z',
    endedAt: '2026-12-01T08:00:20.000Z',
    playedMs,
    outcome: 'completed',
  });

  /** A device on the broker that collects the play log ids it is acknowledged (signed commands only). */
  async function speaker(id: string) {
    const d = await registerDevice(operator, { id, name: id, kind: 'speaker', regionCode: VILLAGE });
    const pub = loadPublicKey((await new Api(server.url).get('/api/keys/playlist')).body.publicKeyPem);
    const c = await connectDevice(server.mqttUrl, d.id, d.token);
    clients.push(c);
    const acked: string[][] = [];
    c.on('message', (topic, payload) => {
      const v = verifyEnvelope(topic, payload, { keys: { [keyIdOf(pub)]: pub }, nowMs: Date.now() });
      if (v.ok && (v.payload as any).command?.type === 'playlog-ack') acked.push((v.payload as any).command.ids);
    });
    await c.subscribeAsync(`sunshine/v1/devices/${d.id}/command`, { qos: 1 });
    const send = (batchId: string, logs: unknown[]) =>
      c.publishAsync(`sunshine/v1/devices/${d.id}/events`, JSON.stringify({ kind: 'events', deviceId: d.id, batchId, sentAt: new Date().toISOString(), playLogs: logs }), { qos: 1 });
    return { id: d.id, acked, send };
  }

  const logsOf = async (deviceId: string) => (await operator.get(`/api/playlogs?deviceId=${deviceId}`)).body as Array<{ id: string; deviceId: string; playedMs: number }>;

  it('should store the same agent id from two devices as two play logs and a resend by one device once', async () => {
    const a = await speaker('pk-spk-a');
    const b = await speaker('pk-spk-b');

    await a.send('a-1', [entry(a.id, 'journal-1', 20_000)]);
    await waitFor(async () => (a.acked.length >= 1 ? true : null), 15_000, () => server.output().slice(-3000));
    await b.send('b-1', [entry(b.id, 'journal-1', 19_000)]);
    await waitFor(async () => (b.acked.length >= 1 ? true : null), 15_000, () => server.output().slice(-3000));
    // A's journal was not trimmed in time: it sends the same entry again, together with a new one.
    await a.send('a-2', [entry(a.id, 'journal-1', 20_000), entry(a.id, 'journal-2', 21_000)]);
    await waitFor(async () => (a.acked.length >= 2 ? true : null), 15_000, () => server.output().slice(-3000));

    expect(a.acked).toEqual([['journal-1'], ['journal-1', 'journal-2']]);
    expect(b.acked).toEqual([['journal-1']]);
    expect((await logsOf(a.id)).map((l) => [l.id, l.playedMs]).sort()).toEqual([['journal-1', 20_000], ['journal-2', 21_000]]);
    expect((await logsOf(b.id)).map((l) => [l.id, l.playedMs])).toEqual([['journal-1', 19_000]]);
    const all = (await operator.get('/api/playlogs?contentId=c-shared-id')).body as Array<{ id: string; deviceId: string }>;
    expect(all.map((l) => `${l.deviceId}/${l.id}`).sort()).toEqual([`${a.id}/journal-1`, `${a.id}/journal-2`, `${b.id}/journal-1`]);

    // The reports count them the same way: B's airing is not lost to A's identical id, A's resend counts once.
    const coverage = (await operator.get(`/api/reports/coverage?period=custom&from=2026-12-01&to=2026-12-01&regionCode=${VILLAGE}`)).body as {
      rows: Array<{ key: string; airtimeSeconds: number }>;
    };
    const airtime = new Map(coverage.rows.map((r) => [r.key, r.airtimeSeconds]));
    expect([airtime.get(a.id), airtime.get(b.id)]).toEqual([41, 19]);
  });

  it('should keep the stored times when the server restarts under another local time zone', async () => {
    const before = (await logsOf('pk-spk-b'))[0] as unknown as { startedAt: string; endedAt: string };
    expect(before).toMatchObject({ startedAt: '2026-12-01T08:00:00.000Z', endedAt: '2026-12-01T08:00:20.000Z' });

    await server.stop();
    server = await startServer({ httpPort: server.httpPort, mqttPort: server.mqttPort, dataDir: server.dataDir, env: { TZ: 'America/New_York' } });
    operator = await Api.login(server.url, 'operator');

    expect((await logsOf('pk-spk-b'))[0]).toMatchObject({ startedAt: '2026-12-01T08:00:00.000Z', endedAt: '2026-12-01T08:00:20.000Z' });
    const inWindow = (await operator.get('/api/playlogs?deviceId=pk-spk-b&from=2026-12-01T07:59:59Z&to=2026-12-01T08:00:01Z')).body as unknown[];
    expect(inWindow).toHaveLength(1);
  });
});
