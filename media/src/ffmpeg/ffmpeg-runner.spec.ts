import { realpathSync } from 'fs';
import { tmpdir } from 'os';
import { MediaError } from '../media-error';
import { FfmpegRunner } from './ffmpeg-runner';

/** Node stands in for ffmpeg: the runner only spawns a binary with arguments, so any program proves it. */
function nodeRunner(now?: () => number): FfmpegRunner {
  return new FfmpegRunner({ ffmpegPath: process.execPath, ffprobePath: process.execPath, now });
}

async function failure(promise: Promise<unknown>): Promise<MediaError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof MediaError) return err;
    throw err;
  }
  throw new Error('expected a MediaError');
}

describe('FfmpegRunner', () => {
  it('should return stdout, stderr and the elapsed time when the process succeeds', async () => {
    const ticks = [100, 350];
    const runner = nodeRunner(() => ticks.shift() ?? 0);
    const result = await runner.run(['-e', "process.stdout.write('out'); process.stderr.write('err')"]);
    expect(result).toEqual({ stdout: 'out', stderr: 'err', durationMs: 250 });
    expect(runner.processCount).toBe(1);
  });

  it('should run in the given directory with the extra environment when cwd and env are set', async () => {
    const runner = nodeRunner();
    const dir = realpathSync(tmpdir());
    const result = await runner.run(['-e', 'process.stdout.write(process.cwd() + "|" + process.env.SUNSHINE_TEST_VAR + "|" + typeof process.env.PATH)'], {
      cwd: dir,
      env: { SUNSHINE_TEST_VAR: 'v1' },
    });
    expect(result.stdout).toBe(`${dir}|v1|string`);
  });

  it('should reject FFMPEG_FAILED with the last 2 KB of stderr when the process exits non-zero', async () => {
    const runner = nodeRunner();
    const err = await failure(runner.run(['-e', "process.stderr.write('x'.repeat(5000) + 'END'); process.exit(3)"]));
    expect(err.code).toBe('FFMPEG_FAILED');
    expect(err.message).toContain('退出码 3');
    expect(err.retryable).toBe(false);
    expect(err.detail).toHaveLength(2048);
    expect(err.detail?.endsWith('END')).toBe(true);
  });

  it('should kill the process and reject FFMPEG_TIMEOUT when it runs past the timeout', async () => {
    const runner = nodeRunner();
    const err = await failure(runner.run(['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 150 }));
    expect(err.code).toBe('FFMPEG_TIMEOUT');
    expect(err.retryable).toBe(true);
  });

  it('should reject FFMPEG_ABORTED when the signal fires mid-run', async () => {
    const runner = nodeRunner();
    const controller = new AbortController();
    const running = runner.run(['-e', 'setInterval(() => {}, 1000)'], { signal: controller.signal });
    controller.abort();
    expect((await failure(running)).code).toBe('FFMPEG_ABORTED');
  });

  it('should not start a process when the signal is already aborted', async () => {
    const runner = nodeRunner();
    const controller = new AbortController();
    controller.abort();
    expect((await failure(runner.run(['-e', ''], { signal: controller.signal }))).code).toBe('FFMPEG_ABORTED');
    expect(runner.processCount).toBe(0);
  });

  it('should reject FFMPEG_NOT_FOUND when the binary does not exist', async () => {
    const runner = new FfmpegRunner({ ffmpegPath: '/nonexistent/ffmpeg', ffprobePath: '/nonexistent/ffprobe' });
    const err = await failure(runner.run(['-version']));
    expect(err.code).toBe('FFMPEG_NOT_FOUND');
    expect(err.message).toContain('FFMPEG_PATH');
  });
});
