/**
 * Rendering in worker processes: the API runs with RENDER_WORKERS=0 (it only queues), `npm run worker` processes
 * claim the jobs from the shared database, render into the media store (MEDIA_DIR, as on shared storage) and record
 * the rendition; the leader API announces it and a real agent plays it. A worker killed with -9 mid-job leaves its
 * lease to lapse, and a second worker finishes the job.
 */
import * as path from 'node:path';
import { AgentProcess } from './support/agent-process';
import { Api } from './support/api-client';
import { approvedNotice, playlistKey, registerDevice, waitForRendition } from './support/editorial';
import { RunningServer, startServer, tempDir, waitFor } from './support/server-process';
import { killHard, RunningWorker, startWorker } from './support/worker-process';

jest.setTimeout(420_000);

const VILLAGE = '510811100201';
const LEASE_SECONDS = '5';

interface Job {
  id: string;
  profile: string;
  status: string;
  leaseOwner: string | null;
  attempts: number;
}

describe('render workers: the API renders nothing itself, worker processes do', () => {
  let server: RunningServer;
  let agent: AgentProcess | undefined;
  const workers: RunningWorker[] = [];
  const mediaDir = tempDir('shared-media');
  let workerEnv: Record<string, string>;

  beforeAll(async () => {
    server = await startServer({ env: { RENDER_WORKERS: '0', MEDIA_DIR: mediaDir, EDGE_TTS: 'off' } });
    workerEnv = { DATA_DIR: server.dataDir, MEDIA_DIR: mediaDir, RENDER_CONCURRENCY: '1', RENDER_LEASE_SECONDS: LEASE_SECONDS, EDGE_TTS: 'off' };
  });

  afterAll(async () => {
    await agent?.stop();
    await Promise.all(workers.map((w) => w.stop()));
    await server?.stop();
  });

  const jobsOf = async (api: Api, revisionId: string): Promise<Job[]> => (await api.get<Job[]>(`/api/revisions/${revisionId}/renders`)).body;
  const diagnostics = (): string => `server:\n${server.output().slice(-4000)}\nworkers:\n${workers.map((w) => w.output().slice(-2000)).join('\n---\n')}`;

  it('should have a worker render an approved notice that the API only queued, and the agent play it', async () => {
    const health = (await new Api(server.url).get('/api/health')).body;
    expect(health).toMatchObject({ role: 'leader', renderWorkers: 0 });

    const editor = await Api.login(server.url, 'editor');
    const reviewer = await Api.login(server.url, 'reviewer');
    const operator = await Api.login(server.url, 'operator');
    const device = await registerDevice(operator, { id: 'e2e-worker-spk', name: '渲染进程测试喇叭', kind: 'speaker', regionCode: VILLAGE, quietHours: [] });
    const key = await playlistKey(operator);
    agent = new AgentProcess([
      '--server', server.url,
      '--mqtt', server.mqttUrl,
      '--device-id', device.id,
      '--token', device.token,
      '--public-key-file', key.file,
      '--data-dir', path.join(tempDir('worker-agent'), 'agent'),
      '--backend', 'null',
    ]);
    await waitFor(async () => ((await operator.get(`/api/devices/${device.id}`)).body.status === 'online' ? true : null), 30_000, () => `agent not online:\n${agent!.output()}`);

    const { contentId, revisionId } = await approvedNotice(editor, reviewer, { title: '渲染进程测试通知', body: '各位村民：本周六上午九点在村委会开展免费体检。', department: '栖凤区卫生健康局' });
    // Scheduled before anything renders it: the playlist gains the item once a worker's rendition is announced.
    const schedule = await editor.post('/api/schedules', { contentId, targets: { deviceIds: [device.id] }, now: true });
    expect(schedule.status).toBe(201);
    const queued = (await jobsOf(editor, revisionId)).find((j) => j.profile === 'speaker');
    expect(queued).toMatchObject({ status: 'queued', leaseOwner: null });

    workers.push(await startWorker(workerEnv));
    const rendition = await waitForRendition(editor, revisionId, 90_000).catch((e: Error) => Promise.reject(new Error(`${e.message}\n${diagnostics()}`)));
    const job = (await jobsOf(editor, revisionId)).find((j) => j.profile === 'speaker')!;
    expect(job.status).toBe('done');
    expect(job.leaseOwner).toContain(`:${workers[0].pid}:`);

    // The file is in the shared media store and the API serves it from there.
    const media = await fetch(`${server.url}/media/${rendition.sha256}.mp3`);
    expect(media.status).toBe(200);
    expect(Buffer.from(await media.arrayBuffer()).length).toBe(rendition.size);

    const logs = await waitFor(
      async () => {
        const r = await operator.get(`/api/playlogs?contentId=${contentId}`);
        const completed = (r.body as Array<{ outcome: string; sha256: string }>).filter((l) => l.outcome === 'completed');
        return completed.length > 0 ? completed : null;
      },
      rendition.durationMs + 60_000,
      () => `no play log:\n${diagnostics()}\nagent:\n${agent!.output()}`,
    );
    expect(logs[0].sha256).toBe(rendition.sha256);
  });

  it('should have a second worker finish the job of a worker killed with -9 mid-render', async () => {
    const editor = await Api.login(server.url, 'editor');
    const reviewer = await Api.login(server.url, 'reviewer');
    const first = workers[0];
    const sentence = '各位村民请注意：今年秋季森林防火期已经开始，严禁在林区内吸烟、烧荒、上坟烧纸和燃放烟花爆竹，发现火情请立即拨打一二一一九报警。';
    const { revisionId } = await approvedNotice(editor, reviewer, { title: '森林防火提醒', body: sentence.repeat(4), department: '栖凤区应急管理局' });
    // Whichever job the first worker holds now — this notice's or a screen version of the first one — dies with it.
    const revisions = [revisionId, ...(await editor.get('/api/contents')).body.items.map((c: { latest: { id: string } }) => c.latest.id)];
    const held = async (): Promise<Job | null> => {
      for (const rev of new Set(revisions)) {
        const job = (await jobsOf(editor, rev)).find((j) => j.status === 'running' && j.leaseOwner?.includes(`:${first.pid}:`));
        if (job) return job;
      }
      return null;
    };
    const running = await waitFor(held, 120_000, () => `the first worker holds no job:\n${diagnostics()}`);
    await killHard(first.proc);

    const second = await startWorker(workerEnv);
    workers.push(second);
    const finished = await waitFor(
      async () => {
        const job = (await editor.get<Job>(`/api/renders/${running.id}`)).body;
        if (job.status === 'failed') throw new Error(`job failed: ${JSON.stringify(job)}`);
        return job.status === 'done' ? job : null;
      },
      180_000,
      () => `the second worker did not finish job ${running.id}:\n${diagnostics()}`,
    );
    expect(finished.attempts).toBe(running.attempts + 1);
    expect(finished.leaseOwner).toContain(`:${second.pid}:`);
    expect(second.output()).toContain('租约已过期');
    await waitForRendition(editor, revisionId, 180_000).catch((e: Error) => Promise.reject(new Error(`${e.message}\n${diagnostics()}`)));
  });
});
