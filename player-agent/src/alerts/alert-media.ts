import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MediaRef } from '@sunshine/playlists/device';
import { writeFileAtomic } from '../atomic-file';
import type { Clock, TimerHandle } from '../clock';
import { nodeHttpGet, type HttpGet, type HttpResponse } from '../http-get';
import type { Logger } from '../log';
import { isMediaRef } from './alert-payload';

export interface AlertMediaOptions {
  /** Own directory, apart from the playlist cache (whose quota and eviction follow the playlist). */
  dir: string;
  serverUrl: string;
  clock: Clock;
  log: Logger;
  http?: HttpGet;
  /** A verified file the playlist cache already holds, or null. */
  cached?: (ref: MediaRef) => string | null;
  /** Pause between attempts while the caller's deadline allows another. */
  retryDelayMs?: number;
  /** Files kept; the least recently used beyond this are deleted. */
  maxFiles?: number;
  /** The tone prefetch waits a random 0–this ms (default 0), so a fleet reconnecting together does not ask at once. */
  prefetchJitterMs?: number;
  random?: () => number;
}

const SHA256 = /^[0-9a-f]{64}$/;
const EXT = /\.([a-z0-9]{1,8})(?:[?#].*)?$/i;
/** Where the server names its current alert tone (the same file for every alert). */
export const ALERT_TONE_PATH = '/api/alerts/tone';
const TONE_ANSWER_MAX_BYTES = 4_096;
const TONE_PREFETCH_TIMEOUT_MS = 60_000;
/**
 * A failed tone prefetch is tried again after this (doubling up to TONE_RETRY_MAX_MS, each ×0.5–1.5 at random) instead
 * of only at the next connection: a device that stays connected would otherwise meet its first alert without the tone,
 * and after a server restart thousands of devices miss it together (bench:fleet at 10,000: 3,865 of them).
 */
export const TONE_RETRY_BASE_MS = 30_000;
export const TONE_RETRY_MAX_MS = 600_000;

/**
 * Alert media must be there within seconds, not whenever the playlist sync gets to it: a download of its own,
 * whole file in memory (alert audio is tens of KB), sha256-checked, then renamed into place. A download that
 * misses the caller's deadline keeps going, so the file is ready for the next repetition or the next alert.
 */
export class AlertMediaFetcher {
  private readonly inflight = new Map<string, Promise<string | null>>();
  private readonly http: HttpGet;
  private tonePrefetch: Promise<void> | null = null;
  private toneRetry: { timer: TimerHandle | null; failures: number } = { timer: null, failures: 0 };
  private stopped = false;

  constructor(private readonly opts: AlertMediaOptions) {
    this.http = opts.http ?? nodeHttpGet;
    fs.mkdirSync(opts.dir, { recursive: true });
  }

  /** The verified file's path, or null when it is not there by `deadlineMs` (epoch ms on the agent's clock). */
  fetch(ref: MediaRef, deadlineMs: number): Promise<string | null> {
    const ready = this.readyPath(ref);
    if (ready) return Promise.resolve(ready);
    if (!SHA256.test(ref.sha256)) return Promise.resolve(null);
    let download = this.inflight.get(ref.sha256);
    if (!download) {
      download = this.download(ref, deadlineMs).finally(() => this.inflight.delete(ref.sha256));
      this.inflight.set(ref.sha256, download);
    }
    return this.until(download, deadlineMs);
  }

  /**
   * Fetches the server's alert tone ahead of any alert, so even the first alert starts without a download and a
   * thousand devices do not all ask for the same file at the moment it matters. Never rejects.
   */
  prefetchTone(): Promise<void> {
    const jitterMs = Math.round(this.random() * (this.opts.prefetchJitterMs ?? 0));
    this.tonePrefetch ??= this.afterDelay(jitterMs)
      .then(() => this.loadTone())
      .then(
        () => void (this.toneRetry.failures = 0),
        (err: Error) => this.retryToneLater(err),
      )
      .finally(() => (this.tonePrefetch = null));
    return this.tonePrefetch ?? Promise.resolve();
  }

  /** No more tone retries (the agent is stopping); downloads under way finish on their own. */
  stop(): void {
    this.stopped = true;
    this.clearToneRetry();
  }

  private retryToneLater(err: Error): void {
    this.clearToneRetry();
    if (this.stopped) return;
    const backoff = Math.min(TONE_RETRY_MAX_MS, TONE_RETRY_BASE_MS * 2 ** this.toneRetry.failures++);
    const delayMs = Math.round(backoff * (0.5 + this.random()));
    this.opts.log.warn('预取应急广播提示音失败，稍后重试', { error: err, retryInMs: delayMs });
    this.toneRetry.timer = this.opts.clock.setTimer(() => {
      this.toneRetry.timer = null;
      void this.prefetchTone();
    }, delayMs);
  }

  private clearToneRetry(): void {
    if (this.toneRetry.timer !== null) this.opts.clock.clearTimer(this.toneRetry.timer);
    this.toneRetry.timer = null;
  }

  private random(): number {
    return (this.opts.random ?? Math.random)();
  }

  readyPath(ref: MediaRef): string | null {
    const cached = this.opts.cached?.(ref);
    if (cached) return cached;
    const own = this.fileFor(ref);
    if (!fs.existsSync(own)) return null;
    touch(own);
    return own;
  }

  private afterDelay(ms: number): Promise<void> {
    return ms <= 0 ? Promise.resolve() : new Promise((resolve) => this.opts.clock.setTimer(resolve, ms));
  }

  private async loadTone(): Promise<void> {
    const res = await this.http(this.resolveUrl(ALERT_TONE_PATH), {});
    const body = await readAll(res, TONE_ANSWER_MAX_BYTES);
    const tone = (JSON.parse(body.toString('utf8')) as { tone?: unknown }).tone;
    if (!isMediaRef(tone)) throw new Error('服务器返回的提示音引用无效');
    if (!(await this.fetch(tone, this.opts.clock.now() + TONE_PREFETCH_TIMEOUT_MS))) throw new Error('提示音下载未完成');
  }

  private until(download: Promise<string | null>, deadlineMs: number): Promise<string | null> {
    const { clock } = this.opts;
    return new Promise((resolve) => {
      const timer = clock.setTimer(() => resolve(null), Math.max(0, deadlineMs - clock.now()));
      void download.then((file) => {
        clock.clearTimer(timer);
        resolve(file);
      });
    });
  }

  /** Attempts until one succeeds or the next would start after `giveUpAt`. Never rejects. */
  private async download(ref: MediaRef, giveUpAt: number): Promise<string | null> {
    const retryDelayMs = this.opts.retryDelayMs ?? 250;
    for (;;) {
      try {
        return await this.downloadOnce(ref);
      } catch (err) {
        const retry = this.opts.clock.now() + retryDelayMs < giveUpAt;
        this.opts.log.warn('应急广播媒体下载失败', { sha256: ref.sha256, error: err as Error, retry });
        if (!retry) return null;
        await new Promise<void>((resolve) => this.opts.clock.setTimer(resolve, retryDelayMs));
      }
    }
  }

  private async downloadOnce(ref: MediaRef): Promise<string> {
    const data = await readAll(await this.http(this.resolveUrl(ref.url), {}), ref.size);
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== ref.sha256) throw new Error(`sha256 校验失败（实际 ${actual}）`);
    const file = this.fileFor(ref);
    writeFileAtomic(file, data);
    this.prune(file);
    this.opts.log.info('应急广播媒体已就绪', { sha256: ref.sha256, bytes: data.length });
    return file;
  }

  private fileFor(ref: MediaRef): string {
    const ext = EXT.exec(ref.url)?.[1]?.toLowerCase() ?? 'mp3';
    return path.join(this.opts.dir, `${ref.sha256}.${ext}`);
  }

  private resolveUrl(url: string): string {
    if (/^https?:\/\//i.test(url)) return url;
    return url.startsWith('/') ? this.opts.serverUrl + url : new URL(url, this.opts.serverUrl + '/').toString();
  }

  /** Alerts are rare and their files small; a count cap keeps the directory from growing for years. */
  private prune(keep: string): void {
    const max = this.opts.maxFiles ?? 32;
    const files = fs
      .readdirSync(this.opts.dir)
      .filter((name) => !name.endsWith('.tmp'))
      .map((name) => path.join(this.opts.dir, name));
    if (files.length <= max) return;
    const byAge = files.filter((f) => f !== keep).sort((a, b) => mtimeOf(a) - mtimeOf(b));
    for (const f of byAge.slice(0, files.length - max)) fs.rmSync(f, { force: true });
  }
}

/** The whole body of a 200 answer, refusing more than `maxBytes`. */
async function readAll(res: HttpResponse, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw new Error(`超过声明的大小 ${maxBytes} 字节`);
      chunks.push(chunk as Buffer);
    }
  } finally {
    res.body.destroy();
  }
  return Buffer.concat(chunks);
}

function touch(file: string): void {
  const now = new Date();
  try {
    fs.utimesSync(file, now, now);
  } catch {
    // best effort: only the eviction order depends on it
  }
}

function mtimeOf(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
