import { mkdtemp, readFile, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { createFfmpegRunner } from '../../ffmpeg/ffmpeg-runner';
import { MediaError } from '../../media-error';
import { wavDurationMs } from '../wav-duration';
import { EdgeEngine, EdgeEngineOptions } from './edge-engine';
import { EDGE_OUTPUT_FORMAT } from './edge-protocol';
import { FakeEdgeServer, startFakeEdgeServer } from './testing/fake-edge-server';

const SHORT_S = 0.4;
const LONG_S = 1.2;

describe('EdgeEngine (local fake of the edge websocket service, real ffmpeg)', () => {
  const runner = createFfmpegRunner();
  let dir: string;
  let shortMp3: Buffer;
  let longMp3: Buffer;
  let server: FakeEdgeServer;

  /** A raw MP3 stream (no Xing/ID3 header), like the service sends. */
  async function mp3(seconds: number, name: string): Promise<Buffer> {
    const file = join(dir, name);
    await runner.run([
      '-hide_banner', '-nostdin', '-y', '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}:sample_rate=24000`,
      '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '48k', '-write_xing', '0', '-id3v2_version', '0', '-f', 'mp3', `file:${file}`,
    ]);
    return readFile(file);
  }

  function engine(opts: Partial<EdgeEngineOptions> = {}): EdgeEngine {
    return new EdgeEngine({ runner, endpoint: () => server.url, retryDelayMs: 0, timeoutMs: 5_000, ...opts });
  }

  async function workDir(): Promise<string> {
    return mkdtemp(join(dir, 'work-'));
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edge-spec-'));
    [shortMp3, longMp3] = await Promise.all([mp3(SHORT_S, 'short.mp3'), mp3(LONG_S, 'long.mp3')]);
  });

  beforeEach(async () => {
    server = await startFakeEdgeServer((text) => (text.includes('长') ? longMp3 : shortMp3));
  });

  afterEach(() => server.close());

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('should list the online Mandarin and dialect voices when asked for voices', () => {
    const voices = engine().voices();
    expect(voices.map((v) => v.id)).toEqual([
      'edge:zh-CN-XiaoxiaoNeural',
      'edge:zh-CN-YunjianNeural',
      'edge:zh-CN-YunxiNeural',
      'edge:zh-CN-sichuan-YunxiNeural',
      'edge:zh-CN-liaoning-XiaobeiNeural',
    ]);
    expect(voices.every((v) => v.engine === 'edge' && !v.offline && v.language === 'zh-CN')).toBe(true);
    expect(voices.find((v) => v.id === 'edge:zh-CN-sichuan-YunxiNeural')).toMatchObject({ dialect: '四川话' });
    expect(voices[0]).not.toHaveProperty('dialect');
    expect(engine().needsNormalisation).toBe(false);
  });

  it('should write one WAV per sentence with each sentence’s exact length when the service answers', async () => {
    const work = await workDir();
    const sentences = ['短句。', '这是一个很长的句子。', '好。'];
    const out = await engine().synthesize({ sentences, voiceId: 'edge:zh-CN-XiaoxiaoNeural', rate: 1, workDir: work });

    expect(out.map((s) => s.text)).toEqual(sentences);
    const expected = [SHORT_S, LONG_S, SHORT_S];
    for (const [i, s] of out.entries()) {
      expect(s.file.startsWith(work)).toBe(true);
      const wav = await readFile(s.file);
      expect(wav.readUInt32LE(24)).toBe(24_000); // sample rate of the fmt chunk
      expect(wav.readUInt16LE(22)).toBe(1); // mono
      expect(s.durationMs).toBe(wavDurationMs(wav));
      // MP3 frames add the encoder delay and padding: at most ~0.1 s at 24 kHz.
      expect(s.durationMs).toBeGreaterThanOrEqual(expected[i] * 1000);
      expect(s.durationMs).toBeLessThan(expected[i] * 1000 + 120);
    }
    expect(server.turns.map((t) => t.text)).toEqual(expect.arrayContaining(sentences));
    for (const turn of server.turns) {
      expect(turn.config.headers['Content-Type']).toBe('application/json; charset=utf-8');
      expect(turn.config.body).toMatchObject({ context: { synthesis: { audio: { outputFormat: EDGE_OUTPUT_FORMAT } } } });
      expect(turn.ssmlHeaders['Content-Type']).toBe('application/ssml+xml');
      expect(turn.voice).toBe('zh-CN-XiaoxiaoNeural');
      expect(turn.rate).toBe('+0%');
      expect(turn.origin).toBe('chrome-extension://jdiccldimpdaibmpdkjnbmckianbfold');
    }
  });

  it('should send the dialect voice and a slower prosody rate when the content asks for rate 0.8', async () => {
    await engine().synthesize({ sentences: ['慢慢说。'], voiceId: 'edge:zh-CN-sichuan-YunxiNeural', rate: 0.8, workDir: await workDir() });
    expect(server.turns).toHaveLength(1);
    expect(server.turns[0]).toMatchObject({ voice: 'zh-CN-sichuan-YunxiNeural', rate: '-20%', text: '慢慢说。' });
  });

  it('should XML-escape user text into the SSML so the service speaks it verbatim when it holds markup', async () => {
    const hostile = `村委会<通知>&"补贴"'发放']]><![CDATA[x]]></prosody><voice name="evil">`;
    await engine().synthesize({ sentences: [`${hostile}\u0001`], voiceId: 'edge:zh-CN-XiaoxiaoNeural', rate: 1, workDir: await workDir() });
    const [turn] = server.turns;
    expect(turn.text).toBe(`${hostile} `); // the control character, illegal in XML, becomes a space
    expect(turn.voice).toBe('zh-CN-XiaoxiaoNeural');
    expect(turn.ssml).toContain('村委会&lt;通知&gt;&amp;&quot;补贴&quot;&apos;发放&apos;]]&gt;&lt;![CDATA[x]]&gt;&lt;/prosody&gt;');
    expect(turn.ssml).not.toContain('<通知>');
    expect(turn.ssml).not.toContain('\u0001');
  });

  it('should retry on a fresh connection and succeed when the service closes mid-stream twice', async () => {
    server.script(['close-mid-stream', 'close-mid-stream']);
    const [s] = await engine().synthesize({ sentences: ['一个长句子。'], voiceId: 'edge:zh-CN-YunjianNeural', rate: 1, workDir: await workDir() });
    expect(server.connections).toBe(3);
    expect(s.durationMs).toBeGreaterThanOrEqual(LONG_S * 1000); // the complete audio, not the cut first chunk
  });

  it('should fail with a retryable TTS_UNAVAILABLE after all attempts when the service keeps closing mid-stream', async () => {
    server.script([], 'close-mid-stream');
    const error = await engine({ attempts: 3 })
      .synthesize({ sentences: ['一个长句子。'], voiceId: 'edge:zh-CN-YunjianNeural', rate: 1, workDir: await workDir() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect(error).toMatchObject({ code: 'TTS_UNAVAILABLE', retryable: true });
    expect((error as MediaError).message).toBe('在线语音服务暂时无法使用（连接中断，已尝试 3 次），请稍后重试或改用离线语音');
    expect(server.connections).toBe(3);
  });

  it('should stop starting sentences once one has failed for good when the service is down', async () => {
    server.script([], 'close-mid-stream');
    const sentences = Array.from({ length: 10 }, (_, i) => `第${i}个长句子。`);
    await expect(
      engine({ attempts: 1, concurrency: 2 }).synthesize({ sentences, voiceId: 'edge:zh-CN-YunjianNeural', rate: 1, workDir: await workDir() }),
    ).rejects.toMatchObject({ code: 'TTS_UNAVAILABLE' });
    expect(server.connections).toBeLessThanOrEqual(2);
  });

  it('should time out each attempt and report TTS_UNAVAILABLE when the service never answers', async () => {
    server.script([], 'silent');
    await expect(
      engine({ attempts: 2, timeoutMs: 150 }).synthesize({ sentences: ['好。'], voiceId: 'edge:zh-CN-YunxiNeural', rate: 1, workDir: await workDir() }),
    ).rejects.toMatchObject({ code: 'TTS_UNAVAILABLE', retryable: true, message: expect.stringContaining('响应超时') });
    expect(server.connections).toBe(2);
  });

  it('should report TTS_UNAVAILABLE when the service sends no audio', async () => {
    server.script([], 'no-audio');
    await expect(
      engine({ attempts: 1 }).synthesize({ sentences: ['好。'], voiceId: 'edge:zh-CN-YunxiNeural', rate: 1, workDir: await workDir() }),
    ).rejects.toMatchObject({ code: 'TTS_UNAVAILABLE', message: expect.stringContaining('未返回音频') });
  });

  it('should report TTS_UNAVAILABLE when the service refuses the handshake', async () => {
    server.script([], 'refuse');
    await expect(
      engine({ attempts: 2 }).synthesize({ sentences: ['好。'], voiceId: 'edge:zh-CN-YunxiNeural', rate: 1, workDir: await workDir() }),
    ).rejects.toMatchObject({ code: 'TTS_UNAVAILABLE', message: expect.stringContaining('服务拒绝连接'), detail: 'HTTP 403' });
    expect(server.connections).toBe(2);
    expect(server.turns).toHaveLength(0);
  });

  it('should report TTS_UNAVAILABLE when nothing listens at the endpoint', async () => {
    const url = server.url;
    await server.close();
    const offline = new EdgeEngine({ runner, endpoint: () => url, retryDelayMs: 0, attempts: 2 });
    await expect(
      offline.synthesize({ sentences: ['好。'], voiceId: 'edge:zh-CN-YunxiNeural', rate: 1, workDir: await workDir() }),
    ).rejects.toMatchObject({ code: 'TTS_UNAVAILABLE', retryable: true, message: expect.stringContaining('无法连接') });
    server = await startFakeEdgeServer(() => shortMp3); // for afterEach
  });

  it('should reject an unknown voice without connecting', async () => {
    await expect(
      engine().synthesize({ sentences: ['好。'], voiceId: 'espeak:cmn', rate: 1, workDir: await workDir() }),
    ).rejects.toMatchObject({ code: 'TTS_UNKNOWN_VOICE' });
    expect(server.connections).toBe(0);
  });

  it('should answer probes from a one-minute cache when asked again within the minute', async () => {
    let now = 1_000_000;
    const edge = engine({ now: () => now });
    expect(await edge.probe()).toBe(true);
    expect(server.connections).toBe(1);
    expect(server.turns).toHaveLength(0); // a probe only connects

    now += 59_000;
    expect(await edge.probe()).toBe(true);
    expect(server.connections).toBe(1);

    now += 2_000;
    server.script([], 'silent');
    expect(await edge.probe()).toBe(true); // connecting is all a probe needs
    expect(server.connections).toBe(2);
  });

  it('should probe false when the endpoint refuses, and remember a failed synthesis as unavailable', async () => {
    const url = server.url;
    await server.close();
    let now = 0;
    const edge = new EdgeEngine({ runner, endpoint: () => url, retryDelayMs: 0, attempts: 1, now: () => now });
    expect(await edge.probe()).toBe(false);

    server = await startFakeEdgeServer(() => shortMp3);
    const reachable = engine({ now: () => now, attempts: 1 });
    server.script(['no-audio']);
    await expect(reachable.synthesize({ sentences: ['好。'], voiceId: 'edge:zh-CN-YunxiNeural', rate: 1, workDir: await workDir() })).rejects.toThrow();
    expect(await reachable.probe()).toBe(false);
    expect(server.connections).toBe(1); // the probe was answered from the failed synthesis

    await reachable.synthesize({ sentences: ['好。'], voiceId: 'edge:zh-CN-YunxiNeural', rate: 1, workDir: await workDir() });
    expect(await reachable.probe()).toBe(true);
    expect(server.connections).toBe(2);
  });

  it('should return no sentences and open no connection when given none', async () => {
    const out = await engine().synthesize({ sentences: [], voiceId: 'edge:zh-CN-YunxiNeural', rate: 1, workDir: await workDir() });
    expect(out).toEqual([]);
    expect(server.connections).toBe(0);
  });
});
