/**
 * Withdrawing a content stops it where it is playing: a real agent (child process) whose `command` backend runs
 * a real long-running player process is airing the notice; POST /api/contents/:id/withdraw publishes a playlist
 * without the item, and the agent stops the player because its current item vanished (logged as withdrawn).
 * The API-call-to-stop time is printed so it can be quoted; ≤ 5 s is the correctness bound.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AgentProcess } from './support/agent-process';
import { Api } from './support/api-client';
import { approvedNotice, playlistKey, registerDevice, waitForRendition } from './support/editorial';
import { RunningServer, startServer, tempDir, waitFor } from './support/server-process';

jest.setTimeout(90_000);

const VILLAGE = '510811100201';
const STOP_BOUND_MS = 5_000;

/** A stand-in player: records its pid, then "plays" for a minute unless it is terminated. */
const PLAYER_SCRIPT = `
const fs = require('node:fs');
const path = require('node:path');
fs.writeFileSync(path.join(process.argv[2], String(process.pid)), process.argv[3]);
setTimeout(() => undefined, 60_000);
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('withdraw: a withdrawn content stops playing on the device', () => {
  let server: RunningServer;
  let agent: AgentProcess | null = null;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await agent?.stop();
    await server?.stop();
  });

  it('should stop the playing item within 5 s and log it as withdrawn when its content is withdrawn', async () => {
    const [editor, reviewer, operator] = await Promise.all(['editor', 'reviewer', 'operator'].map((u) => Api.login(server.url, u)));
    const device = await registerDevice(operator, { id: 'e2e-wd-spk', name: '撤回测试喇叭', kind: 'speaker', regionCode: VILLAGE, quietHours: [] });
    const key = await playlistKey(operator);

    const work = tempDir('withdraw');
    const script = path.join(work, 'player.js');
    const pids = path.join(work, 'pids');
    fs.mkdirSync(pids);
    fs.writeFileSync(script, PLAYER_SCRIPT);
    agent = new AgentProcess([
      '--server', server.url,
      '--mqtt', server.mqttUrl,
      '--device-id', device.id,
      '--token', device.token,
      '--public-key-file', key.file,
      '--data-dir', path.join(work, 'agent'),
      '--backend', 'command',
      '--command', `"${process.execPath}" "${script}" "${pids}" {file}`,
    ]);
    const running = agent;
    await running.waitFor(() => running.find('已连接 MQTT')[0], 30_000, 'agent connected');

    const notice = await approvedNotice(editor, reviewer, {
      title: '关于暂停自来水供应的通知',
      body: '各位村民：因管网检修，本村明日停水一天，请提前储水。',
      department: '栖凤区水务局',
    });
    const rendition = await waitForRendition(editor, notice.revisionId, 60_000);
    const schedule = await editor.post('/api/schedules', { contentId: notice.contentId, targets: { deviceIds: [device.id] }, now: true });
    expect(schedule.status).toBe(201);

    // "Playing" is a real process holding the downloaded file.
    const pid = await running.waitFor(() => fs.readdirSync(pids).map(Number)[0], 30_000, 'player process started');
    expect(fs.readFileSync(path.join(pids, String(pid)), 'utf8')).toContain(rendition.sha256);
    expect(alive(pid)).toBe(true);

    const t0 = Date.now();
    const withdrawn = await editor.post(`/api/contents/${notice.contentId}/withdraw`);
    expect(withdrawn.status).toBe(200);
    await waitFor(async () => (alive(pid) ? null : true), 15_000, () => `player ${pid} still running after withdraw:\n${running.output()}`);
    const stoppedMs = Date.now() - t0;

    const stop = await running.waitFor(() => running.find('停止播放').find((l) => l.contentId === notice.contentId), 5_000, 'stop logged');
    expect(stop.reason).toBe('withdrawn');
    const agentStopMs = Date.parse(stop.time) - t0;
    console.log(`withdraw → stop: player process gone ${stoppedMs} ms after the API call (agent logged the stop at +${agentStopMs} ms)`);
    expect(stoppedMs).toBeLessThanOrEqual(STOP_BOUND_MS);

    // The play log reaches the server as an interrupted airing with the reason, and the agent gets no new start.
    const logs = await waitFor(async () => {
      const r = await operator.get(`/api/playlogs?deviceId=${device.id}`);
      return (r.body as any[]).length > 0 ? (r.body as any[]) : null;
    }, 15_000, () => `play log missing:\n${running.output()}`);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ contentId: notice.contentId, outcome: 'interrupted', reason: 'withdrawn', sha256: rendition.sha256 });
    expect(logs[0].playedMs).toBeLessThan(60_000); // the stand-in player would have run for a minute
    expect(fs.readdirSync(pids)).toEqual([String(pid)]);

    const playlist = await operator.get(`/api/devices/${device.id}/playlist`);
    expect(playlist.body.playlist.items).toEqual([]);
  });
});
