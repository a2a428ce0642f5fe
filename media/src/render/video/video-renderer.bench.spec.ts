import { getProfile } from '@sunshine/devices';
import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { createFfmpegRunner } from '../../ffmpeg/ffmpeg-runner';
import { ContentStore } from '../../store/content-store';
import { EspeakEngine } from '../../tts/espeak/espeak-engine';
import { VideoRenderer, VideoRenderInput } from './video-renderer';

/**
 * Realtime factor (speech duration / render wall time) of a ~60 s notice per screen profile. Opt-in, since
 * wall time depends on the machine and what else runs on it: VIDEO_BENCH=1 npx jest video-renderer.bench
 */
const bench = process.env.VIDEO_BENCH ? describe : describe.skip;

bench('VideoRenderer realtime factor (~60 s notice)', () => {
  jest.setTimeout(120_000);
  const BODY =
    '各村民小组：10月15日上午9点，镇应急办将到村开展秋季防火安全检查。请各户清理房前屋后的柴草，保持消防通道畅通。' +
    '检查期间请家中留人，配合检查人员工作。如有疑问，请拨打咨询电话：0834-1234567。禁止在林区野外用火，违者将依法处理。' +
    '村委会将于10月20日组织消防演练，请各户派一人参加。演练结束后将发放灭火器使用说明和防火宣传资料。请大家相互转告。';

  it('should render the hall TV segment at least 20 times faster than real time', async () => {
    const root = await mkdtemp(join(tmpdir(), 'video-bench-'));
    const tts = new EspeakEngine();
    const renderer = new VideoRenderer({ runner: createFfmpegRunner(), tts, store: new ContentStore(join(root, 'store')), tmpDir: join(root, 'tmp') });
    const factors: Record<string, number> = {};
    try {
      for (const id of ['hall-tv-1080p', 'led-384x192', 'led-strip-1024x64']) {
        const input = (title: string): VideoRenderInput => ({
          kind: 'notice',
          title,
          body: BODY,
          department: '某某县人民政府办公室',
          date: '2026年11月23日',
          sourceUrl: 'https://www.example.gov.cn/xxgk/2026/11/23/notice-1234.html',
          voiceId: 'espeak:cmn',
          rate: 1,
          profile: getProfile(id) ?? (undefined as never),
        });
        await renderer.render(input('预热')); // warm: TTS worker, font files in the page cache
        const started = performance.now();
        const rendered = await renderer.render(input('关于开展秋季防火安全检查的通知'));
        const wallMs = performance.now() - started;
        factors[id] = rendered.durationMs / wallMs;
        console.log(`${id}: ${(rendered.durationMs / 1000).toFixed(1)} s of speech in ${(wallMs / 1000).toFixed(2)} s → ${factors[id].toFixed(1)}× real time`);
      }
    } finally {
      await tts.close();
      await rm(root, { recursive: true, force: true });
    }
    expect(factors['hall-tv-1080p']).toBeGreaterThanOrEqual(20);
  });
});
