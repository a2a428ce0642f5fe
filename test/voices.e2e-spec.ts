/**
 * Voices end to end: the built server as a child process with its edge engine pointed at a local fake of the
 * service (EDGE_TTS_URL), real espeak-ng and ffmpeg, real SQLite. Covers availability in the voice list, the
 * offline voice standing in (or not) when the online one is down, and language variants on loudspeakers.
 */
import { createFfmpegRunner, VARIANT_PAUSE_MS } from '@sunshine/media';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeEdgeServer, startFakeEdgeServer } from '../media/src/tts/edge/testing/fake-edge-server';
import { Api } from './support/api-client';
import { RunningServer, startServer, tempDir, waitFor } from './support/server-process';

jest.setTimeout(60_000);

const CHINESE = /[\u4e00-\u9fff]/;
const ONLINE_VOICE = 'edge:zh-CN-XiaoxiaoNeural';
const notice = { title: '停水通知', body: '明天上午停水，请提前储水。', department: '栖凤区水务局' };

describe('voices (edge engine against a local fake of the service)', () => {
  const runner = createFfmpegRunner();
  const dir = tempDir('voices');
  let fakeMp3: Buffer;
  let fake: FakeEdgeServer;
  let fakePort: number;
  let server: RunningServer;
  let editor: Api;

  beforeAll(async () => {
    // A raw MP3 stream as the service sends it (no Xing/ID3 header).
    const mp3 = path.join(dir, 'fake.mp3');
    await runner.run([
      '-hide_banner', '-nostdin', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=0.6:sample_rate=24000',
      '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '48k', '-write_xing', '0', '-id3v2_version', '0', '-f', 'mp3', `file:${mp3}`,
    ]);
    fakeMp3 = fs.readFileSync(mp3);
    fake = await startFakeEdgeServer(() => fakeMp3);
    fakePort = Number(new URL(fake.url).port);
    server = await startServer({ env: { EDGE_TTS_URL: fake.url, RENDER_CONCURRENCY: '2' } });
    editor = await Api.login(server.url, 'editor');
  });

  afterAll(async () => {
    await server?.stop();
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function createContent(fields: Record<string, unknown>): Promise<{ id: string; revision: any }> {
    const r = await editor.post('/api/contents', { ...notice, ...fields });
    expect(r.status).toBe(201);
    return { id: r.body.id, revision: r.body.latest };
  }

  /** Preview render of the speaker version (no review needed, no screen renders). */
  async function renderSpeaker(contentId: string): Promise<string> {
    const r = await editor.post(`/api/contents/${contentId}/render`, { profiles: ['speaker'] });
    expect(r.status).toBe(201);
    return r.body[0].id as string;
  }

  async function job(jobId: string, until: (j: any) => boolean): Promise<any> {
    return waitFor(async () => {
      const j = (await editor.get(`/api/renders/${jobId}`)).body;
      return until(j) ? j : null;
    }, 40_000, () => `render job ${jobId} did not reach the expected state:\n${server.output().slice(-3000)}`);
  }

  async function speakerRendition(revisionId: string): Promise<any> {
    const list = (await editor.get(`/api/revisions/${revisionId}/renditions`)).body as any[];
    return list.find((r) => r.profile === 'speaker' && r.status === 'done');
  }

  async function probedDurationMs(sha256: string): Promise<number> {
    const res = await fetch(`${server.url}/media/${sha256}.mp3`);
    expect(res.status).toBe(200);
    const file = path.join(dir, `${sha256}.mp3`);
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    return (await runner.probe(file)).durationMs;
  }

  it('should list every voice with engine, language, dialect and availability when the online service answers', async () => {
    const r = await editor.get('/api/voices');
    expect(r.status).toBe(200);
    const byId = new Map((r.body as any[]).map((v) => [v.id, v]));
    expect(byId.get('espeak:cmn')).toMatchObject({ engine: 'espeak', language: 'zh-CN', offline: true, available: true });
    expect(byId.get('edge:zh-CN-sichuan-YunxiNeural')).toMatchObject({ engine: 'edge', language: 'zh-CN', dialect: '四川话', offline: false, available: true });
    expect((r.body as any[]).filter((v) => v.engine === 'edge').every((v) => v.available === true)).toBe(true);
    expect(fake.connections).toBeGreaterThan(0);
  });

  it('should render with the offline voice and record the fallback when the service is down and the notice allows it', async () => {
    await fake.close();
    const c = await createContent({ voice: ONLINE_VOICE });
    expect(c.revision.allowVoiceFallback).toBe(true); // notices allow it unless the editor says otherwise
    const done = await job(await renderSpeaker(c.id), (j) => j.status === 'done' || j.status === 'failed');
    expect(done).toMatchObject({ status: 'done', errorCode: null });
    expect(await speakerRendition(c.revision.id)).toMatchObject({ voiceId: ONLINE_VOICE, voiceUsed: 'espeak:cmn', fallback: true });
    const voices = (await editor.get('/api/voices')).body as any[];
    expect(voices.find((v) => v.id === ONLINE_VOICE).available).toBe(false);
    expect(voices.find((v) => v.id === 'espeak:cmn').available).toBe(true);
  });

  it('should hold the render with the retryable TTS_UNAVAILABLE code when fallback is not allowed, and retry it once the service is back', async () => {
    const c = await createContent({ voice: ONLINE_VOICE, allowVoiceFallback: false, rate: 0.8 });
    expect(c.revision.allowVoiceFallback).toBe(false);
    const jobId = await renderSpeaker(c.id);
    const held = await job(jobId, (j) => j.errorCode !== null || j.status === 'done');
    expect(held).toMatchObject({ status: 'queued', errorCode: 'TTS_UNAVAILABLE', retryable: true, attempts: 1 });
    expect(held.error).toMatch(CHINESE);
    expect(held.error).toContain('自动重试');
    expect(await speakerRendition(c.revision.id)).toBeUndefined();

    fake = await startFakeEdgeServer(() => fakeMp3, { port: fakePort });
    const done = await job(jobId, (j) => j.status === 'done' || j.status === 'failed');
    expect(done).toMatchObject({ status: 'done', attempts: 2, errorCode: null });
    expect(await speakerRendition(c.revision.id)).toMatchObject({ voiceId: ONLINE_VOICE, voiceUsed: ONLINE_VOICE, fallback: false });
    // The content's speech rate reaches the online service.
    expect(fake.turns.length).toBeGreaterThan(0);
    expect(fake.turns.every((t) => t.voice === 'zh-CN-XiaoxiaoNeural' && t.rate === '-20%')).toBe(true);
  });

  it('should refuse variants that reference an unknown recording with 400 RECORDING_NOT_FOUND', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const r = await editor.post('/api/contents', { ...notice, variants: { recordings: [missing], order: ['zh-CN', 'ii'] } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'RECORDING_NOT_FOUND', message: expect.stringMatching(CHINESE) });
    expect(r.body.message).toContain(missing);
  });

  it('should play the Mandarin speech then the Yi recording back to back when the revision has variants', async () => {
    const wav = path.join(dir, 'yi.wav');
    await runner.run(['-hide_banner', '-nostdin', '-y', '-f', 'lavfi', '-i', 'sine=frequency=220:duration=3:sample_rate=44100', '-ac', '1', wav]);
    const form = new FormData();
    form.append('language', 'ii');
    form.append('file', new Blob([fs.readFileSync(wav)]), 'yi.wav');
    const uploaded = await fetch(`${server.url}/api/recordings`, { method: 'POST', body: form, headers: { authorization: `Bearer ${editor.token}` } });
    expect(uploaded.status).toBe(201);
    const recording = (await uploaded.json()) as { id: string; durationMs: number };

    const bilingual = await createContent({ voice: 'espeak:cmn', variants: { recordings: [recording.id], order: ['zh-CN', 'ii'] } });
    expect(bilingual.revision.variants).toMatchObject({ speechLanguage: 'zh-CN', order: ['zh-CN', 'ii'], recordings: [{ id: recording.id, language: 'ii' }] });
    // The same text without variants: its rendition is the TTS part alone.
    const plain = await createContent({ voice: 'espeak:cmn' });

    const [a, b] = await Promise.all([renderSpeaker(bilingual.id), renderSpeaker(plain.id)]);
    expect(await job(a, (j) => j.status === 'done' || j.status === 'failed')).toMatchObject({ status: 'done' });
    expect(await job(b, (j) => j.status === 'done' || j.status === 'failed')).toMatchObject({ status: 'done' });
    const both = await speakerRendition(bilingual.revision.id);
    const ttsOnly = await speakerRendition(plain.revision.id);
    expect(both).toMatchObject({ voiceId: 'espeak:cmn+recording', voiceUsed: 'espeak:cmn+recording', fallback: false });

    const bothMs = await probedDurationMs(both.sha256);
    const ttsMs = await probedDurationMs(ttsOnly.sha256);
    expect(Math.abs(bothMs - (ttsMs + VARIANT_PAUSE_MS + recording.durationMs))).toBeLessThan(150);
    // The Yi part starts after the TTS part and the pause, and is the last thing played.
    expect(both.sentences.at(-1).startMs).toBeGreaterThanOrEqual(ttsOnly.durationMs + VARIANT_PAUSE_MS - 5);
  });
});
