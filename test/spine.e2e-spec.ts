/**
 * The spine, end to end with real parts only: the built server (SQLite file, the embedded aedes broker over TCP or
 * a private Mosquitto 2 with dynamic security provisioned by the server — the suite runs once per broker,
 * espeak-ng + ffmpeg), three real agents as child processes whose `command` backend decodes with ffmpeg in real
 * time, an editor and a reviewer over HTTP, a "now" schedule, and the play logs read back over the API.
 */
import { loadPublicKey, keyIdOf, verifyEnvelope } from '@sunshine/playlists';
import { createFfmpegRunner, locateFfmpegBinaries } from '@sunshine/media';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Api } from './support/api-client';
import { describeEachBroker, type RunningMosquitto } from './support/mosquitto';
import { AGENT_MAIN, RunningServer, startServer, stopProcess, tempDir, waitFor } from './support/server-process';
import { schemaErrors } from './support/schemas';

jest.setTimeout(180_000);

const VILLAGE = '510811100201';

describeEachBroker('spine: a notice written at the county is played by village loudspeakers', (variant) => {
  let server: RunningServer;
  let broker: RunningMosquitto | null = null;
  const agents: ChildProcess[] = [];
  const agentOutput: string[] = [];

  beforeAll(async () => {
    broker = await variant.start();
    server = await startServer({ broker });
  });

  afterAll(async () => {
    await Promise.all(agents.map(stopProcess));
    await server?.stop();
    await broker?.stop();
  });

  it('should store a completed play log from every agent when a reviewed notice is scheduled now', async () => {
    const editor = await Api.login(server.url, 'editor');
    const reviewer = await Api.login(server.url, 'reviewer');
    const operator = await Api.login(server.url, 'operator');

    // Three loudspeakers registered over the API; each token is shown once.
    const devices: Array<{ id: string; token: string }> = [];
    for (let i = 1; i <= 3; i++) {
      const r = await operator.post('/api/devices', { id: `e2e-spk-${i}`, name: `测试喇叭${i}`, kind: 'speaker', regionCode: VILLAGE, quietHours: [] });
      expect(r.status).toBe(201);
      expect(r.body.token).toEqual(expect.any(String));
      devices.push({ id: r.body.device.id, token: r.body.token });
    }

    const key = await new Api(server.url).get('/api/keys/playlist');
    expect(key.status).toBe(200);
    const keyFile = path.join(tempDir('key'), 'playlist.pem');
    fs.writeFileSync(keyFile, key.body.publicKeyPem);

    const ffmpeg = locateFfmpegBinaries().ffmpeg.path;
    for (const d of devices) {
      const proc = spawn(
        process.execPath,
        [
          AGENT_MAIN,
          '--server', server.url,
          '--mqtt', server.mqttUrl,
          '--device-id', d.id,
          '--token', d.token,
          '--public-key-file', keyFile,
          '--data-dir', tempDir(`agent-${d.id}`),
          '--backend', 'command',
          '--command', `"${ffmpeg}" -hide_banner -loglevel error -nostdin -re -i {file} -f null -`,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const idx = agentOutput.push('') - 1;
      proc.stdout!.on('data', (b: Buffer) => (agentOutput[idx] += b.toString()));
      proc.stderr!.on('data', (b: Buffer) => (agentOutput[idx] += b.toString()));
      agents.push(proc);
    }
    await waitFor(async () => {
      const list = await operator.get('/api/devices?status=online');
      const online = (list.body as Array<{ id: string }>).filter((d) => d.id.startsWith('e2e-spk-'));
      return online.length === 3 ? online : null;
    }, 30_000, () => `agents did not come online:\n${agentOutput.join('\n---\n')}`);

    // Editor writes, reviewer approves.
    const created = await editor.post('/api/contents', {
      title: '关于村民医保缴费的提醒',
      body: '各位村民：2027年度城乡居民医保缴费将于12月31日截止，每人380元。请到村便民服务点缴费，咨询电话0839—5721234。',
      department: '栖凤区医疗保障局',
    });
    expect(created.status).toBe(201);
    const contentId: string = created.body.id;
    const revisionId: string = created.body.latest.id;
    expect((await editor.post(`/api/contents/${contentId}/submit`)).status).toBe(200);
    expect((await reviewer.post(`/api/contents/${contentId}/approve`, { comment: '同意播出' })).status).toBe(200);

    const rendition = await waitFor(async () => {
      const r = await editor.get(`/api/revisions/${revisionId}/renditions`);
      const done = (r.body as any[]).find((x) => x.profile === 'speaker' && x.status === 'done');
      if ((r.body as any[]).some((x) => x.status === 'failed')) throw new Error(`render failed: ${JSON.stringify(r.body)}`);
      return done ?? null;
    }, 60_000, () => `rendition not done:\n${server.output()}`);
    expect(rendition.sha256).toMatch(/^[0-9a-f]{64}$/);

    // The stored file is the speaker profile: mono MP3, and its duration measured by ffprobe.
    const mediaFile = path.join(tempDir('media'), 'notice.mp3');
    const media = await fetch(`${server.url}/media/${rendition.sha256}.mp3`);
    expect(media.status).toBe(200);
    fs.writeFileSync(mediaFile, Buffer.from(await media.arrayBuffer()));
    const probe = await createFfmpegRunner().probe(mediaFile);
    const fileDurationMs = probe.durationMs;
    expect(fileDurationMs).toBeGreaterThan(5_000);

    const schedule = await editor.post('/api/schedules', { contentId, targets: { deviceIds: devices.map((d) => d.id) }, now: true });
    expect(schedule.status).toBe(201);
    expect(schedule.body.targetedDevices.sort()).toEqual(devices.map((d) => d.id).sort());
    expect(schedule.body.conflicts).toEqual([]);

    // The published playlist is signed and verifies with the provisioned public key.
    const pl = await operator.get(`/api/devices/${devices[0].id}/playlist`);
    expect(pl.status).toBe(200);
    const pub = loadPublicKey(key.body.publicKeyPem);
    const verified = verifyEnvelope(`sunshine/v1/devices/${devices[0].id}/playlist`, pl.body.envelope, { keys: { [keyIdOf(pub)]: pub }, nowMs: Date.now() });
    expect(verified.ok).toBe(true);
    expect(schemaErrors('playlist', pl.body.envelope)).toBeNull();
    expect(pl.body.playlist.items[0].media.sha256).toBe(rendition.sha256);

    const logs = await waitFor(async () => {
      const r = await operator.get(`/api/playlogs?contentId=${contentId}`);
      const completed = (r.body as any[]).filter((l) => l.outcome === 'completed');
      return completed.length >= 3 ? completed : null;
    }, fileDurationMs + 60_000, () => `play logs missing:\nserver:\n${server.output()}\nagents:\n${agentOutput.join('\n---\n')}`);

    expect(logs.map((l) => l.deviceId).sort()).toEqual(devices.map((d) => d.id).sort());
    for (const log of logs) {
      expect(log.sha256).toBe(rendition.sha256);
      expect(Math.abs(log.playedMs - fileDurationMs) / fileDurationMs).toBeLessThanOrEqual(0.1);
    }
  });
});
