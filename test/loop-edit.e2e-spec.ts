/**
 * Editing one notice of a 50-item loop costs one file: a real agent (child process) loops 50 approved notices and
 * reaches the server's HTTP through a counting proxy; one notice gets a new revision, is approved and re-rendered,
 * and the agent downloads exactly that one new file and nothing else. Devices that do not carry the edited notice
 * get no new playlist (seq and version unchanged).
 */
import type { PlaylistPayload } from '@sunshine/playlists';
import * as path from 'node:path';
import { CountingProxy } from '../bench/support/counting-proxy';
import { AgentProcess } from './support/agent-process';
import { Api } from './support/api-client';
import { approvedNotice, playlistKey, registerDevice, waitForRendition, type NoticeFields, type Rendition } from './support/editorial';
import { RunningServer, startServer, tempDir, waitFor } from './support/server-process';

jest.setTimeout(150_000);

const NOTICES = 50;
/** 0-based index of the notice that gets edited. */
const EDITED = 17;
const ALL_DAY = [
  { from: '00:00', until: '12:00' },
  { from: '12:00', until: '00:00' },
];
/** After the new file arrived, a further download would have to start within this quiet period. */
const QUIET_MS = 2_000;

function notice(i: number, edition = 1): NoticeFields {
  return {
    title: `第${i + 1}号通知${edition > 1 ? `（第${edition}版）` : ''}`,
    body: `各位村民：请留意第${i + 1}号公告${edition > 1 ? `，已更正为第${edition}版` : ''}。`,
    department: '栖凤区人民政府办公室',
  };
}

/** Runs `work` over `items` a few at a time (HTTP round trips overlap; the server serialises what it must). */
async function inParallel<T, R>(items: T[], work: (item: T) => Promise<R>, width = 5): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return out;
}

interface Published {
  seq: number;
  version: string;
  playlist: PlaylistPayload;
}

async function published(api: Api, deviceId: string): Promise<Published> {
  const r = await api.get(`/api/devices/${deviceId}/playlist`);
  if (r.status !== 200) throw new Error(`playlist of ${deviceId}: ${r.status} ${JSON.stringify(r.body)}`);
  return { seq: Number(r.body.playlist.seq), version: r.body.playlist.version, playlist: r.body.playlist };
}

describe('loop edit: one edited notice in a 50-item loop', () => {
  let server: RunningServer;
  let proxy: CountingProxy | null = null;
  let agent: AgentProcess | null = null;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await agent?.stop();
    await proxy?.close();
    await server?.stop();
  });

  it('should download exactly the one new file and leave untouched devices alone when one loop item is edited', async () => {
    const [editor, reviewer, operator] = await Promise.all(['editor', 'reviewer', 'operator'].map((u) => Api.login(server.url, u)));
    const looper = await registerDevice(operator, { id: 'e2e-le-spk', name: '轮播测试喇叭', kind: 'speaker', regionCode: '510811100201', quietHours: [], openingHours: ALL_DAY });
    const controls = [
      await registerDevice(operator, { id: 'e2e-le-other-1', name: '对照喇叭一', kind: 'speaker', regionCode: '510811100202', quietHours: [], openingHours: ALL_DAY }),
      await registerDevice(operator, { id: 'e2e-le-other-2', name: '对照喇叭二', kind: 'speaker', regionCode: '510811101201', quietHours: [] }),
    ];

    const indices = Array.from({ length: NOTICES }, (_, i) => i);
    const contents = await inParallel(indices, (i) => approvedNotice(editor, reviewer, notice(i)));
    const renditions: Rendition[] = [];
    for (const c of contents) renditions.push(await waitForRendition(editor, c.revisionId, 90_000));
    expect(new Set(renditions.map((r) => r.sha256)).size).toBe(NOTICES);

    const scheduled = await inParallel(contents, (c) => editor.post('/api/schedules', { contentId: c.contentId, targets: { deviceIds: [looper.id] }, loop: true }));
    expect(scheduled.map((r) => r.status)).toEqual(contents.map(() => 201));
    // The control devices carry other notices than the edited one: a loop item and a timed slot.
    expect((await editor.post('/api/schedules', { contentId: contents[0].contentId, targets: { deviceIds: [controls[0].id] }, loop: true })).status).toBe(201);
    expect((await editor.post('/api/schedules', { contentId: contents[1].contentId, targets: { deviceIds: [controls[1].id] }, times: ['10:05'] })).status).toBe(201);
    const before = await published(operator, looper.id);
    expect(before.playlist.loop).toHaveLength(NOTICES);

    proxy = await CountingProxy.start(server.url);
    const counter = proxy;
    const key = await playlistKey(operator);
    agent = new AgentProcess([
      '--server', counter.url,
      '--mqtt', server.mqttUrl,
      '--device-id', looper.id,
      '--token', looper.token,
      '--public-key-file', key.file,
      '--data-dir', path.join(tempDir('loop-edit'), 'agent'),
      '--backend', 'null',
    ]);
    const a = agent;
    const ready = (): Set<string> => new Set(a.find('媒体已就绪').map((l) => l.sha256 as string));
    await a.waitFor(() => (renditions.every((r) => ready().has(r.sha256)) ? true : null), 60_000, `agent holds all ${NOTICES} files`);
    await waitFor(async () => (counter.idleFor(QUIET_MS) ? true : null), 30_000, () => 'proxy never went quiet');
    // Each notice once (the agent also prefetches the emergency alert tone on connecting, a file of its own).
    const initial = counter.mediaRequests().map((r) => r.path);
    expect(renditions.map((r) => initial.filter((p) => p === `/media/${r.sha256}.mp3`).length)).toEqual(renditions.map(() => 1));
    const controlsBefore = await Promise.all(controls.map((d) => published(operator, d.id)));

    // One notice edited: new revision, approval, new rendition.
    counter.reset();
    const linesBefore = a.lines.length;
    const revised = await approvedNotice(editor, reviewer, notice(EDITED, 2), contents[EDITED].contentId);
    const changed = await waitForRendition(editor, revised.revisionId, 60_000);
    expect(changed.sha256).not.toBe(renditions[EDITED].sha256);
    await a.waitFor(() => (ready().has(changed.sha256) ? true : null), 30_000, 'agent holds the edited notice');
    await waitFor(async () => (counter.idleFor(QUIET_MS) ? true : null), 30_000, () => 'proxy never went quiet');

    const downloads = counter.mediaRequests();
    console.log(`loop edit: ${downloads.length} download(s), ${counter.mediaBytes()} bytes over HTTP; the edited notice's file is ${changed.size} bytes`);
    expect(downloads).toEqual([{ path: `/media/${changed.sha256}.mp3`, status: 200, bytes: changed.size }]);

    const after = await published(operator, looper.id);
    expect(after.seq).toBeGreaterThan(before.seq);
    const shaByContent = (p: Published): Record<string, string> => Object.fromEntries(p.playlist.loop.map((l) => [l.contentId, l.media.sha256]));
    expect(shaByContent(after)).toEqual({ ...shaByContent(before), [contents[EDITED].contentId]: changed.sha256 });
    const received = a.find('收到节目单', linesBefore).filter((l) => l.version !== before.version);
    expect(received.map((l) => l.version)).toEqual([after.version]);

    const controlsAfter = await Promise.all(controls.map((d) => published(operator, d.id)));
    controls.forEach((_, i) => {
      expect({ seq: controlsAfter[i].seq, version: controlsAfter[i].version }).toEqual({ seq: controlsBefore[i].seq, version: controlsBefore[i].version });
    });
  });
});
