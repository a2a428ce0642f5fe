import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { createFfmpegRunner } from '../../ffmpeg/ffmpeg-runner';
import { EdgeEngine } from './edge-engine';

/** Talks to Microsoft's real service: runs only with EDGE_TTS_LIVE=1 (needs internet). */
const live = process.env.EDGE_TTS_LIVE === '1' ? describe : describe.skip;

live('EdgeEngine (live service)', () => {
  jest.setTimeout(60_000);
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edge-live-'));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('should synthesise Mandarin and Sichuanese sentences when the service is reachable', async () => {
    const engine = new EdgeEngine({ runner: createFfmpegRunner() });
    expect(await engine.probe()).toBe(true);
    const mandarin = await engine.synthesize({ sentences: ['2024年10月15日上午9点开会。'], voiceId: 'edge:zh-CN-XiaoxiaoNeural', rate: 1, workDir: dir });
    const sichuan = await engine.synthesize({ sentences: ['请大家准时参加。'], voiceId: 'edge:zh-CN-sichuan-YunxiNeural', rate: 0.8, workDir: dir });
    expect(mandarin[0].durationMs).toBeGreaterThan(1500);
    expect(sichuan[0].durationMs).toBeGreaterThan(800);
  });
});
