/**
 * `npm run bench:sync` — prints one JSON object: the bytes a player agent downloads over HTTP after ONE of the
 * 50 notices it holds is edited (new revision → approve → new rendition), against the changed file's size and the
 * playlist envelope's size; and that devices the edit does not touch get no new playlist.
 *
 * Loudspeakers with timed slots are used: loops on screens would need video renditions, which are not rendered yet.
 * The agent reaches the server through a counting proxy, so the figure is bytes on the wire, not the agent's word.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AgentLogs } from './support/agent-logs';
import { Api, approvedNotice, devicePlaylist, waitForRendition, type NoticeFields, type Rendition } from './support/api';
import { CountingProxy } from './support/counting-proxy';
import { AGENT_MAIN, startServer, tempDir, waitFor } from './support/server-process';
import { round } from './support/stats';

const NOTICES = 50;
/** 0-based index of the notice that gets edited. */
const EDITED = 17;
const DEVICE = 'bench-sync-spk';
const VILLAGE = '510811100201';
const UNTOUCHED = [
  { id: 'bench-sync-other-1', regionCode: '510811100202' },
  { id: 'bench-sync-other-2', regionCode: '510811101201' },
  { id: 'bench-sync-other-3', regionCode: '510811200201' },
];
/** After the new file arrives, any further download would have to start within this quiet period. */
const QUIET_MS = 2_000;
const TARGET_RATIO = 1.05;

const TOPICS = [
  '城乡居民医保缴费即将截止，请尽快到村便民服务点办理',
  '春耕期间注意用火安全，严禁焚烧秸秆',
  '村级公益事业一事一议项目公示，欢迎村民监督',
  '农村低保年度复核工作开始，请按时提交材料',
  '汛期来临，请住在河边和山脚的村民注意防范',
  '高龄津贴申领时间调整，请老人家属相互转告',
  '义务兵征集报名开始，适龄青年请到乡镇武装部咨询',
  '电信诈骗案件多发，陌生来电要求转账一律不信',
  '耕地地力保护补贴已发放，请查收一卡通',
  '村务公开栏已更新本季度财务收支情况',
];

const progress = (msg: string): void => void process.stderr.write(`[bench:sync] ${msg}\n`);

function notice(i: number, edition = 1): NoticeFields {
  return {
    title: `第${i + 1}号通知${edition > 1 ? `（第${edition}版）` : ''}`,
    body: `各位村民：${TOPICS[i % TOPICS.length]}。本通知编号${i + 1}${edition > 1 ? `，已于今日更正第${edition}版` : ''}。`,
    department: '栖凤区人民政府办公室',
  };
}

/** Slot i airs daily at 06:00 + 15·i minutes: 50 slots from 06:00 to 18:15, never overlapping. */
function slotTime(i: number): string {
  const minutes = 6 * 60 + 15 * i;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  progress('starting the built server');
  const server = await startServer();
  const work = tempDir('sync');
  let proxy: CountingProxy | null = null;
  let agent: AgentLogs | null = null;
  try {
    const [editor, reviewer, operator] = await Promise.all(['editor', 'reviewer', 'operator'].map((u) => Api.login(server.url, u)));
    const registered = await operator.must<{ token: string }>('/api/devices', { id: DEVICE, name: '同步测试喇叭', kind: 'speaker', regionCode: VILLAGE, quietHours: [] }, 201);
    for (const d of UNTOUCHED) await operator.must('/api/devices', { id: d.id, name: '对照喇叭', kind: 'speaker', regionCode: d.regionCode, quietHours: [] }, 201);

    progress(`writing, approving and rendering ${NOTICES} notices`);
    let t = Date.now();
    const contents: Array<{ contentId: string; revisionId: string }> = [];
    for (let i = 0; i < NOTICES; i++) contents.push(await approvedNotice(editor, reviewer, notice(i)));
    const renditions: Rendition[] = [];
    for (const c of contents) renditions.push(await waitForRendition(editor, c.revisionId, 180_000));
    const renderMs = Date.now() - t;

    for (let i = 0; i < NOTICES; i++) {
      await editor.must('/api/schedules', { contentId: contents[i].contentId, targets: { deviceIds: [DEVICE] }, times: [slotTime(i)] }, 201);
    }
    // The control devices share a notice with the measured one, but not the edited notice.
    await editor.must('/api/schedules', { contentId: contents[0].contentId, targets: { deviceIds: UNTOUCHED.map((d) => d.id) }, times: ['10:05'] }, 201);

    progress('agent: initial sync of all notices through the counting proxy');
    proxy = await CountingProxy.start(server.url);
    const counter = proxy;
    const keyFile = path.join(work, 'server-key.pem');
    fs.writeFileSync(keyFile, (await operator.get<{ publicKeyPem: string }>('/api/keys/playlist')).body.publicKeyPem);
    const logs = new AgentLogs(AGENT_MAIN, [
      '--server', counter.url,
      '--mqtt', server.mqttUrl,
      '--device-id', DEVICE,
      '--token', registered.token,
      '--public-key-file', keyFile,
      '--data-dir', path.join(work, 'agent'),
      '--backend', 'null',
    ]);
    agent = logs;
    const initialShas = new Set(renditions.map((r) => r.sha256));
    await logs.until(() => [...initialShas].every((sha) => logs.mediaReady(DEVICE, sha)), 120_000, `agent holds all ${NOTICES} files`);
    await waitFor(async () => (counter.idleFor(QUIET_MS) ? true : null), 30_000, () => 'proxy never went quiet');
    const initialDownload = { files: counter.mediaRequests().length, bytes: counter.mediaBytes() };
    const before = await devicePlaylist(operator, DEVICE);
    const untouchedBefore = await Promise.all(UNTOUCHED.map((d) => devicePlaylist(operator, d.id)));

    progress(`editing notice ${EDITED + 1}: new revision, approval, new rendition`);
    counter.reset();
    const t0 = Date.now();
    const revised = await approvedNotice(editor, reviewer, notice(EDITED, 2), contents[EDITED].contentId);
    const changed = await waitForRendition(editor, revised.revisionId, 120_000);
    await logs.until(() => logs.mediaReady(DEVICE, changed.sha256) !== undefined, 60_000, 'agent holds the edited notice');
    const syncedMs = logs.mediaReady(DEVICE, changed.sha256)!.timeMs - t0;
    await waitFor(async () => (counter.idleFor(QUIET_MS) ? true : null), 30_000, () => 'proxy never went quiet');

    const after = await devicePlaylist(operator, DEVICE);
    const untouchedAfter = await Promise.all(UNTOUCHED.map((d) => devicePlaylist(operator, d.id)));
    const downloadedBytes = counter.mediaBytes();
    const playlistBytes = Buffer.byteLength(JSON.stringify(after.envelope));
    const agentReported = (logs.media.get(DEVICE) ?? []).filter((m) => m.timeMs >= t0);
    const received = (logs.playlists.get(DEVICE) ?? []).filter((r) => r.timeMs >= t0);
    const republished = UNTOUCHED.filter((d, i) => untouchedAfter[i].playlist.seq !== untouchedBefore[i].playlist.seq).map((d) => d.id);

    const result = {
      bench: 'sync',
      setup: {
        device: `${DEVICE} (speaker, quietHours [])`,
        mode: `timed slots: ${NOTICES} notices daily at ${slotTime(0)}–${slotTime(NOTICES - 1)} for the 7-day horizon (no loops: screens have no video renditions yet)`,
        notices: NOTICES,
        timelineItems: before.playlist.items.length,
        renderMs,
        initialDownload,
      },
      edit: {
        notice: EDITED + 1,
        syncedMs,
        playlistsReceived: received.map((r) => ({ afterMs: r.timeMs - t0, items: r.items, version: r.version.slice(0, 12) })),
        seqBefore: before.playlist.seq,
        seqAfter: after.playlist.seq,
      },
      downloadedBytes,
      downloadedFiles: counter.mediaRequests().map((r) => ({ path: r.path, status: r.status, bytes: r.bytes })),
      agentReportedBytes: agentReported.reduce((sum, m) => sum + m.bytes, 0),
      changedItemBytes: changed.size,
      playlistBytes,
      ratio: round(downloadedBytes / changed.size, 4),
      target: `downloadedBytes ≤ ${TARGET_RATIO} × changedItemBytes + playlistBytes (the playlist itself travels over MQTT, not HTTP)`,
      withinTarget: downloadedBytes <= TARGET_RATIO * changed.size + playlistBytes,
      untouchedDevices: {
        checked: UNTOUCHED.length,
        republished,
        seq: Object.fromEntries(UNTOUCHED.map((d, i) => [d.id, { before: untouchedBefore[i].playlist.seq, after: untouchedAfter[i].playlist.seq }])),
      },
      agentWarnings: logs.problems.length,
      totalMs: Date.now() - startedAt,
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    await agent?.stop();
    await proxy?.close();
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`[bench:sync] failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
