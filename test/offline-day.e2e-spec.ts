/**
 * A day offline: a service-hall TV loops a notice and two village loudspeakers air a notice daily at 07:00, 12:00
 * and 18:30. Speaker B is cut off (broker and HTTP behind a TCP gate that is closed, so connections are refused)
 * and lives through one simulated day on a fake clock: the real PlayerAgent in this process with the null backend,
 * talking real MQTT and HTTP to the built server. It airs its three slots from its stored playlist and media.
 *
 * Reconnected while the server still runs on real time, the server stores the logs but its acknowledgements look
 * expired to the agent (a day ahead), which keeps them and sends them again: the server must not store them twice.
 * The server is then restarted on the same data dir and ports with CLOCK_OFFSET_MS equal to the agent's lead; its
 * acknowledgements are now current and empty the journal. Every aired slot arrives exactly once.
 */
import type { PlaylistPayload, PlayLogEntry } from '@sunshine/playlists';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PlayerAgent, RESEND_AFTER_MS } from '../player-agent/src/agent';
import { NullPlayer } from '../player-agent/src/backends';
import { systemClock, type Clock } from '../player-agent/src/clock';
import { FakeClock } from '../player-agent/src/testing/fake-clock';
import { memoryLogger, type LoggedLine } from '../player-agent/src/testing/memory-logger';
import { Api } from './support/api-client';
import { approvedNotice, playlistKey, registerDevice, waitForRendition } from './support/editorial';
import { RunningServer, startServer, tempDir, waitFor } from './support/server-process';
import { TcpGate } from './support/tcp-gate';

jest.setTimeout(120_000);

const VILLAGE = '510811100201';
const DAY_MS = 24 * 3600_000;
/** Asia/Shanghai has no daylight saving time: local midnight is 16:00 UTC. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const ALL_DAY = [
  { from: '00:00', until: '12:00' },
  { from: '12:00', until: '00:00' },
];
/** The fake clock is advanced in steps, letting real socket events (refused reconnects) happen in between. */
const STEP_MS = 5 * 60_000;

interface InProcessAgent {
  agent: PlayerAgent;
  lines: LoggedLine[];
  dataDir: string;
}

function journalEntries(dataDir: string): { plays: PlayLogEntry[]; acked: Set<string> } {
  const file = path.join(dataDir, 'journal.ndjson');
  const plays: PlayLogEntry[] = [];
  const acked = new Set<string>();
  if (!fs.existsSync(file)) return { plays, acked };
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!raw) continue;
    const line = JSON.parse(raw) as { t: 'play'; entry: PlayLogEntry } | { t: 'ack'; ids: string[] };
    if (line.t === 'play') plays.push(line.entry);
    else line.ids.forEach((id) => acked.add(id));
  }
  return { plays, acked };
}

async function pause(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

describe('offline day: a cut-off loudspeaker keeps airing and reports every play exactly once', () => {
  let server: RunningServer;
  const agents: PlayerAgent[] = [];
  const gates: TcpGate[] = [];

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await Promise.all(gates.map((g) => g.close()));
    await server?.stop();
  });

  function startAgent(device: { id: string; token: string }, pem: string, clock: Clock, urls: { http: string; mqtt: string }): InProcessAgent {
    const { log, lines } = memoryLogger(clock);
    const dataDir = tempDir(`agent-${device.id}`);
    const agent = new PlayerAgent(
      { serverUrl: urls.http, mqttUrl: urls.mqtt, publicKeyPem: pem, dataDir, deviceId: device.id, token: device.token, backend: { kind: 'null' } },
      { clock, player: new NullPlayer(clock), log },
    );
    agents.push(agent);
    agent.start();
    return { agent, lines, dataDir };
  }

  it('should air every slot of the day offline and store each play log once when the speaker reconnects', async () => {
    const [editor, reviewer, operator] = await Promise.all(['editor', 'reviewer', 'operator'].map((u) => Api.login(server.url, u)));
    const tv = await registerDevice(operator, { id: 'e2e-od-tv', name: '便民服务大厅电视', kind: 'tv', regionCode: VILLAGE, openingHours: ALL_DAY });
    const spkA = await registerDevice(operator, { id: 'e2e-od-spk-a', name: '村委会广场喇叭', kind: 'speaker', regionCode: VILLAGE, quietHours: [] });
    const spkB = await registerDevice(operator, { id: 'e2e-od-spk-b', name: '村口大喇叭', kind: 'speaker', regionCode: VILLAGE, quietHours: [] });
    const key = await playlistKey(operator);

    const daily = await approvedNotice(editor, reviewer, { title: '防火提醒', body: '各位村民：天干物燥，上山不带火种。', department: '栖凤区应急管理局' });
    const looped = await approvedNotice(editor, reviewer, { title: '办事指南', body: '办理医保请到二号窗口。', department: '栖凤区政务服务中心' });
    await waitForRendition(editor, daily.revisionId, 90_000);
    await waitForRendition(editor, looped.revisionId, 90_000, 'hall-tv-1080p');
    const speakers = { deviceIds: [spkA.id, spkB.id] };
    for (const body of [
      { contentId: daily.contentId, targets: speakers, rrule: 'FREQ=DAILY;BYHOUR=7,12;BYMINUTE=0' },
      { contentId: daily.contentId, targets: speakers, times: ['18:30'] },
      { contentId: looped.contentId, targets: { deviceIds: [tv.id] }, loop: true },
    ]) {
      const r = await editor.post('/api/schedules', body);
      expect(r.status).toBe(201);
      expect(r.body.conflicts).toEqual([]);
    }

    // The TV and speaker A stay connected on real time; speaker B reaches the server only through the gates.
    const tvAgent = startAgent(tv, key.pem, systemClock, { http: server.url, mqtt: server.mqttUrl });
    const aAgent = startAgent(spkA, key.pem, systemClock, { http: server.url, mqtt: server.mqttUrl });
    const httpGate = await TcpGate.start(server.httpPort);
    const mqttGate = await TcpGate.start(server.mqttPort);
    gates.push(httpGate, mqttGate);
    // B's day starts at the next local midnight, so the day holds exactly the three slots of one date.
    const dayStart = Math.ceil((Date.now() + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
    const clockB = new FakeClock(dayStart);
    const b = startAgent(spkB, key.pem, clockB, { http: `http://127.0.0.1:${httpGate.listenPort}`, mqtt: `mqtt://127.0.0.1:${mqttGate.listenPort}` });

    const dump = (): string => `server:\n${server.output().slice(-3000)}\nB:\n${b.lines.slice(-30).map((l) => JSON.stringify(l)).join('\n')}`;
    const playlistB = await waitFor(async () => {
      const r = await operator.get(`/api/devices/${spkB.id}/playlist`);
      const pl = r.body?.playlist as PlaylistPayload | undefined;
      const received = pl && pl.items.length > 0 && b.lines.some((l) => l.msg === '收到节目单' && l.version === pl.version);
      if (received && !b.lines.some((l) => l.msg === '媒体已就绪')) {
        // Media due hours ahead starts after a random delay of up to 5 min on the agent's clock: let that time pass
        // (B's day starts at midnight and its first slot is at 07:00).
        await clockB.advance(30_000);
        return null;
      }
      return received ? pl : null;
    }, 30_000, () => `speaker B did not sync:\n${dump()}`);
    const expected = playlistB.items
      .filter((i) => Date.parse(i.startAt) > dayStart && Date.parse(i.startAt) <= dayStart + DAY_MS)
      .map((i) => i.slotId)
      .sort();
    expect(expected).toHaveLength(3);
    await waitFor(async () => (aAgent.lines.some((l) => l.msg === '收到节目单' && (l.items as number) > 0) ? true : null), 30_000, () => 'speaker A got no playlist');

    // Cut off: every connection through the gates dropped, new ones refused. The broker's Last Will tells the fleet.
    await httpGate.close();
    await mqttGate.close();
    await waitFor(async () => {
      const offline = (await operator.get('/api/devices?status=offline')).body as Array<{ id: string }>;
      return offline.some((d) => d.id === spkB.id) ? true : null;
    }, 15_000, () => `speaker B not reported offline:\n${dump()}`);
    const online = ((await operator.get('/api/devices?status=online')).body as Array<{ id: string }>).map((d) => d.id);
    expect(online).toEqual(expect.arrayContaining([tv.id, spkA.id]));

    for (let t = 0; t < DAY_MS; t += STEP_MS) {
      await clockB.advance(STEP_MS);
      await pause(2);
    }
    const aired = journalEntries(b.dataDir).plays;
    expect(aired.map((e) => e.slotId).sort()).toEqual(expected);
    expect(aired.every((e) => e.outcome === 'completed' && e.contentId === daily.contentId)).toBe(true);
    expect(b.agent.pendingPlayLogs()).toBe(3);
    expect(b.lines.filter((l) => l.msg === '已连接 MQTT')).toHaveLength(1);
    expect(b.lines.filter((l) => l.msg === 'MQTT 连接失败').length).toBeGreaterThan(0);

    // Meanwhile, on real time, the TV looped its notice and its play logs arrived.
    await waitFor(async () => {
      const logs = (await operator.get(`/api/playlogs?deviceId=${tv.id}`)).body as any[];
      return logs.some((l) => l.outcome === 'completed' && l.contentId === looped.contentId && l.slotId === null) ? true : null;
    }, 30_000, () => `TV loop play log missing:\n${tvAgent.lines.slice(-20).map((l) => JSON.stringify(l)).join('\n')}`);
    await tvAgent.agent.stop();
    await aAgent.agent.stop();

    // Reconnected while the server is still on real time: logs stored, but the day-old-looking acks are refused.
    const serverLogsOfB = async (): Promise<any[]> => (await operator.get(`/api/playlogs?deviceId=${spkB.id}`)).body as any[];
    const expiredAcks = (): number => b.lines.filter((l) => l.msg === '消息校验失败' && l.code === 'expired').length;
    await httpGate.open();
    await mqttGate.open();
    await clockB.advance(75_000); // the reconnect backoff is at most 60 s ± 20 %
    await waitFor(async () => ((await serverLogsOfB()).length >= 3 && expiredAcks() >= 1 ? true : null), 20_000, () => `first delivery missing:\n${dump()}`);
    await clockB.advance(2 * RESEND_AFTER_MS); // the resend timer ticks every RESEND_AFTER_MS, unaligned with the send
    await waitFor(async () => (expiredAcks() >= 2 ? true : null), 20_000, () => `no resend:\n${dump()}`);
    expect(b.lines.filter((l) => l.msg === '上报事件' && (l.playLogs as number) === 3).length).toBeGreaterThanOrEqual(2);
    expect(await serverLogsOfB()).toHaveLength(3);
    expect(b.agent.pendingPlayLogs()).toBe(3);

    // The server restarted on the agent's time: same data dir and ports, clock offset = the agent's lead.
    await server.stop();
    const offsetMs = clockB.now() - Date.now();
    server = await startServer({ httpPort: server.httpPort, mqttPort: server.mqttPort, dataDir: server.dataDir, env: { CLOCK_OFFSET_MS: String(offsetMs) } });
    const ops2 = await Api.login(server.url, 'operator');
    let last = Date.now();
    await clockB.advance(75_000);
    await waitFor(async () => {
      // B's clock follows real time from here on, so the server's clock and B's stay within the reconnect backoff.
      const now = Date.now();
      await clockB.advance(now - last);
      last = now;
      return b.agent.pendingPlayLogs() === 0 ? true : null;
    }, 30_000, () => `journal not emptied:\n${dump()}`);

    const stored = (await ops2.get(`/api/playlogs?deviceId=${spkB.id}`)).body as any[];
    expect(stored).toHaveLength(3);
    expect(new Set(stored.map((l) => l.id)).size).toBe(3);
    expect(stored.map((l) => l.slotId).sort()).toEqual(expected);
    expect(stored.map((l) => l.id).sort()).toEqual(aired.map((e) => e.id).sort());
    for (const log of stored) expect(log).toMatchObject({ outcome: 'completed', contentId: daily.contentId, deviceId: spkB.id });
    const journal = journalEntries(b.dataDir);
    expect(journal.plays.filter((e) => !journal.acked.has(e.id))).toEqual([]);
  });
});
