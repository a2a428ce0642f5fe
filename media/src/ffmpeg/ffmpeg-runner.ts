import { spawn } from 'child_process';
import { MediaError } from '../media-error';
import { probeArgs } from './ffmpeg-args';
import { locateFfmpegBinaries } from './ffmpeg-locator';
import { parseProbeJson, ProbeResult } from './probe-result';

export interface RunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Working directory, so a filter graph can name a file by a fixed relative name instead of an escaped path. */
  cwd?: string;
  /** Extra environment variables on top of this process's (e.g. FONTCONFIG_FILE). */
  env?: Record<string, string>;
}

export interface RunResult {
  stderr: string;
  stdout: string;
  durationMs: number;
}

export interface FfmpegRunnerOptions {
  ffmpegPath: string;
  ffprobePath: string;
  defaultTimeoutMs?: number;
  now?: () => number;
}

/** Parsers read the end of stderr (loudnorm JSON, ebur128 summary); keep a bounded tail of it. */
const STDERR_KEEP_CHARS = 256 * 1024;
const ERROR_DETAIL_CHARS = 2048;

function tail(text: string, chars: number): string {
  return text.length > chars ? text.slice(text.length - chars) : text;
}

/** The one place that starts ffmpeg/ffprobe processes: no shell, always a timeout, stderr kept for errors. */
export class FfmpegRunner {
  private started = 0;
  private readonly defaultTimeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: FfmpegRunnerOptions) {
    this.defaultTimeoutMs = opts.defaultTimeoutMs ?? 120_000;
    this.now = opts.now ?? (() => performance.now());
  }

  /** Processes started so far (ffmpeg and ffprobe), so callers can prove work was not repeated. */
  get processCount(): number {
    return this.started;
  }

  run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    return this.exec(this.opts.ffmpegPath, 'ffmpeg', args, opts);
  }

  async probe(file: string, opts: RunOptions = {}): Promise<ProbeResult> {
    const { stdout } = await this.exec(this.opts.ffprobePath, 'ffprobe', probeArgs(file), opts);
    return parseProbeJson(stdout);
  }

  private exec(binary: string, label: string, args: string[], opts: RunOptions): Promise<RunResult> {
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    const startedAt = this.now();
    return new Promise<RunResult>((resolve, reject) => {
      if (opts.signal?.aborted) {
        reject(new MediaError('FFMPEG_ABORTED', `${label} 处理已取消`));
        return;
      }
      this.started++;
      const child = spawn(binary, args, {
        cwd: opts.cwd,
        env: opts.env ? { ...process.env, ...opts.env } : undefined,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
      let stdout = '';
      let stderr = '';
      let failure: MediaError | undefined;
      const fail = (error: MediaError): void => {
        failure ??= error;
        child.kill('SIGKILL');
      };
      const timer = setTimeout(
        () => fail(new MediaError('FFMPEG_TIMEOUT', `${label} 处理超时（超过 ${Math.round(timeoutMs / 1000)} 秒）`, true)),
        timeoutMs,
      );
      const onAbort = (): void => fail(new MediaError('FFMPEG_ABORTED', `${label} 处理已取消`));
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = tail(stderr + chunk, STDERR_KEEP_CHARS)));
      const finish = (): void => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
      };
      child.on('error', (err: NodeJS.ErrnoException) => {
        finish();
        reject(
          err.code === 'ENOENT'
            ? new MediaError('FFMPEG_NOT_FOUND', `找不到 ${label} 程序（${binary}），请安装 ffmpeg 或设置 ${label.toUpperCase()}_PATH 环境变量`)
            : new MediaError('FFMPEG_FAILED', `无法启动 ${label}：${err.message}`, true),
        );
      });
      child.on('close', (code, sig) => {
        finish();
        const detail = tail(stderr, ERROR_DETAIL_CHARS);
        if (failure) {
          reject(new MediaError(failure.code, failure.message, failure.retryable, detail));
        } else if (code !== 0) {
          const how = code === null ? `信号 ${sig}` : `退出码 ${code}`;
          reject(new MediaError('FFMPEG_FAILED', `${label} 处理失败（${how}）`, false, detail));
        } else {
          resolve({ stdout, stderr, durationMs: this.now() - startedAt });
        }
      });
    });
  }
}

/** A runner wired to the binaries found by the documented lookup order. */
export function createFfmpegRunner(env: Record<string, string | undefined> = process.env): FfmpegRunner {
  const found = locateFfmpegBinaries(env);
  return new FfmpegRunner({ ffmpegPath: found.ffmpeg.path, ffprobePath: found.ffprobe.path });
}
