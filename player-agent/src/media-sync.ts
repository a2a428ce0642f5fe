import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentErrorEvent, MediaRef } from '@sunshine/playlists/device';
import { fsyncDirAsync } from './atomic-file';
import { backoffDelayMs, startJitterMs, type Random } from './backoff';
import type { Clock, TimerHandle } from './clock';
import { DEFAULT_CACHE_QUOTA_BYTES } from './config';
import { nodeHttpGet, type HttpGet, type HttpResponse } from './http-get';
import type { Logger } from './log';

export interface MediaSyncOptions {
  mediaDir: string;
  /** Base for media URLs given as paths (`/media/<sha>.mp3`). */
  serverUrl: string;
  clock: Clock;
  log: Logger;
  http?: HttpGet;
  onError?: (event: AgentErrorEvent) => void;
  onReady?: (sha256: string) => void;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /**
   * A first download of media not due soon waits a random 0–this ms (default 0; the agent uses
   * DEFAULT_START_JITTER_MS), so a county's worth of devices given the same playlist at once do not all ask the
   * server in the same second.
   */
  startJitterMs?: number;
  /** Media due within this many ms is fetched at once, without start jitter (DEFAULT_URGENT_WITHIN_MS). */
  urgentWithinMs?: number;
  random?: Random;
  /** The cache is kept under this many bytes by evicting files no playlist needs; DEFAULT_CACHE_QUOTA_BYTES. */
  quotaBytes?: number;
}

interface CachedFile {
  file: string;
  bytes: number;
  /** Last time it was asked for (readyPath) or stored; eviction goes oldest first. */
  usedAt: number;
}

export const DEFAULT_START_JITTER_MS = 10_000;
export const DEFAULT_URGENT_WITHIN_MS = 5 * 60_000;

const SHA256 = /^[0-9a-f]{64}$/;
/** A verified file; `.part` is a download in progress. */
const CACHED_NAME = /^([0-9a-f]{64})\.(?!part$)[a-z0-9]{1,8}$/;
const EXT_BY_MIME: Record<string, string> = { 'audio/mpeg': 'mp3', 'audio/wav': 'wav', 'audio/x-wav': 'wav', 'video/mp4': 'mp4', 'audio/mp4': 'm4a', 'audio/ogg': 'ogg' };

class MediaFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Worth telling the server (not just a network blip while offline). */
    readonly report: boolean,
  ) {
    super(message);
  }
}

/**
 * Keeps `<media>/<sha256>.<ext>` present for every media ref the playlist needs: HTTP download into
 * `<sha256>.part` resuming with Range, sha256 check of the whole file, atomic rename. Only verified files are ready.
 */
export class MediaSync {
  private readonly ready = new Map<string, CachedFile>();
  private wanted = new Map<string, MediaRef>();
  /** Media not to be fetched before `nextAttemptAt`: start jitter (failures 0) or backoff after a failure. */
  private readonly retries = new Map<string, { failures: number; nextAttemptAt: number }>();
  private running: Promise<void> | null = null;
  private rerun = false;
  private retryTimer: TimerHandle | null = null;
  private currentBody: HttpResponse['body'] | null = null;
  private stopped = false;
  /** Set while the needed files alone exceed the quota, so that is reported once, not at every pass. */
  private overQuotaReported = false;
  private readonly http: HttpGet;
  private readonly quotaBytes: number;

  constructor(private readonly opts: MediaSyncOptions) {
    this.http = opts.http ?? nodeHttpGet;
    this.quotaBytes = opts.quotaBytes ?? DEFAULT_CACHE_QUOTA_BYTES;
    fs.mkdirSync(opts.mediaDir, { recursive: true });
    // Only verified files are ever renamed to their final name, so what is there on start-up is trusted.
    for (const name of fs.readdirSync(opts.mediaDir)) {
      const m = CACHED_NAME.exec(name);
      if (!m) continue;
      const file = path.join(opts.mediaDir, name);
      const stat = fs.statSync(file);
      this.ready.set(m[1], { file, bytes: stat.size, usedAt: Math.max(stat.atimeMs, stat.mtimeMs) });
    }
  }

  isReady(sha256: string): boolean {
    return this.ready.has(sha256);
  }

  readyPath(ref: Pick<MediaRef, 'sha256'>): string | null {
    const cached = this.ready.get(ref.sha256);
    if (!cached) return null;
    cached.usedAt = this.opts.clock.now();
    return cached.file;
  }

  cacheBytes(): number {
    let total = 0;
    for (const f of this.ready.values()) total += f.bytes;
    return total;
  }

  /**
   * Makes `refs` the wanted set and fetches what is missing; resolves when the pass that covers them ends.
   * `dueAtMs` (sha256 → epoch ms of its first airing) lets media due soon skip the start jitter.
   */
  sync(refs: readonly MediaRef[], dueAtMs: ReadonlyMap<string, number> = new Map()): Promise<void> {
    this.wanted = new Map(refs.map((r) => [r.sha256, r]));
    for (const sha of this.retries.keys()) if (!this.wanted.has(sha)) this.retries.delete(sha);
    this.planStarts(dueAtMs);
    this.checkNeededFitQuota();
    this.enforceQuota(0);
    return this.kick();
  }

  /** Start jitter for media newly wanted; media that became urgent loses a pending jitter (not a failure backoff). */
  private planStarts(dueAtMs: ReadonlyMap<string, number>): void {
    const now = this.opts.clock.now();
    const jitter = { maxMs: this.opts.startJitterMs ?? 0, urgentWithinMs: this.opts.urgentWithinMs ?? DEFAULT_URGENT_WITHIN_MS };
    for (const sha of this.wanted.keys()) {
      if (this.ready.has(sha)) continue;
      const due = dueAtMs.get(sha);
      const pending = this.retries.get(sha);
      if (pending && pending.failures > 0) continue;
      const delay = startJitterMs(due === undefined ? undefined : due - now, jitter, this.opts.random);
      if (!pending) this.retries.set(sha, { failures: 0, nextAttemptAt: now + delay });
      else if (delay === 0) pending.nextAttemptAt = now;
    }
  }

  /**
   * Evicts verified files no current playlist needs (not in the wanted set), least recently used first, until the
   * cache plus `incomingBytes` fits the quota. Needed files are never evicted, even over the quota.
   */
  private enforceQuota(incomingBytes: number): void {
    let total = this.cacheBytes() + incomingBytes;
    if (total <= this.quotaBytes) return;
    const evictable = [...this.ready.entries()].filter(([sha]) => !this.wanted.has(sha)).sort(([, a], [, b]) => a.usedAt - b.usedAt);
    for (const [sha, cached] of evictable) {
      if (total <= this.quotaBytes) break;
      try {
        fs.rmSync(cached.file, { force: true });
      } catch (err) {
        this.opts.log.warn('清理缓存文件失败', { sha256: sha, error: err as Error });
        continue;
      }
      this.ready.delete(sha);
      total -= cached.bytes;
      this.opts.log.info('缓存超出上限，已清理不再需要的媒体', { sha256: sha, bytes: cached.bytes, quotaBytes: this.quotaBytes });
    }
  }

  /** Needed files alone over the quota: keep them all (airing matters more) and tell the operator once. */
  private checkNeededFitQuota(): void {
    const neededBytes = [...this.wanted.values()].reduce((sum, r) => sum + (this.ready.get(r.sha256)?.bytes ?? r.size), 0);
    if (neededBytes <= this.quotaBytes) {
      this.overQuotaReported = false;
      return;
    }
    if (this.overQuotaReported) return;
    this.overQuotaReported = true;
    const mb = (bytes: number): string => (bytes / 1024 ** 2).toFixed(1);
    const message = `节目所需媒体共 ${mb(neededBytes)} MB，超过缓存上限 ${mb(this.quotaBytes)} MB：所需文件全部保留，请调大 --cache-quota 或减少节目`;
    this.opts.log.error('节目所需媒体超过缓存上限', { neededBytes, quotaBytes: this.quotaBytes });
    this.opts.onError?.({ id: randomUUID(), at: new Date(this.opts.clock.now()).toISOString(), code: 'cache-quota-exceeded', message });
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) this.opts.clock.clearTimer(this.retryTimer);
    this.currentBody?.destroy();
  }

  private kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.runPasses().finally(() => {
      this.running = null;
      this.armRetry();
    });
    return this.running;
  }

  private async runPasses(): Promise<void> {
    do {
      this.rerun = false;
      for (const ref of [...this.wanted.values()]) {
        if (this.stopped) return;
        if (!this.wanted.has(ref.sha256) || this.ready.has(ref.sha256)) continue;
        const retry = this.retries.get(ref.sha256);
        if (retry && retry.nextAttemptAt > this.opts.clock.now()) continue;
        await this.fetchOne(ref);
      }
    } while (this.rerun && !this.stopped);
  }

  private armRetry(): void {
    if (this.retryTimer) this.opts.clock.clearTimer(this.retryTimer);
    this.retryTimer = null;
    const next = Math.min(...[...this.retries.entries()].filter(([sha]) => this.wanted.has(sha)).map(([, r]) => r.nextAttemptAt));
    if (this.stopped || !Number.isFinite(next)) return;
    this.retryTimer = this.opts.clock.setTimer(() => {
      this.retryTimer = null;
      void this.kick();
    }, next - this.opts.clock.now());
  }

  private async fetchOne(ref: MediaRef): Promise<void> {
    try {
      if (!SHA256.test(ref.sha256)) throw new MediaFailure('media-invalid-ref', `媒体引用的 sha256 无效：${ref.sha256}`, true);
      const bytes = await this.download(ref);
      this.retries.delete(ref.sha256);
      this.opts.log.info('媒体已就绪', { sha256: ref.sha256, bytes });
      this.opts.onReady?.(ref.sha256);
    } catch (err) {
      if (this.stopped) return;
      const failures = (this.retries.get(ref.sha256)?.failures ?? 0) + 1;
      const retryInMs = backoffDelayMs(failures, { baseMs: this.opts.retryBaseMs ?? 2_000, maxMs: this.opts.retryMaxMs ?? 300_000 }, this.opts.random);
      this.retries.set(ref.sha256, { failures, nextAttemptAt: this.opts.clock.now() + retryInMs });
      const failure = err instanceof MediaFailure ? err : new MediaFailure('media-download-failed', `媒体下载失败：${(err as Error).message}`, false);
      this.opts.log.warn(failure.code === 'media-hash-mismatch' ? '媒体校验失败' : '媒体下载失败', {
        sha256: ref.sha256,
        code: failure.code,
        error: failure.message,
        retryInMs,
      });
      if (failure.report) {
        this.opts.onError?.({ id: randomUUID(), at: new Date(this.opts.clock.now()).toISOString(), code: failure.code, message: failure.message });
      }
    }
  }

  /** Returns the size of the verified file now in place. */
  private async download(ref: MediaRef): Promise<number> {
    const part = path.join(this.opts.mediaDir, `${ref.sha256}.part`);
    let offset = sizeOf(part);
    if (offset > ref.size) {
      fs.rmSync(part, { force: true });
      offset = 0;
    }
    if (offset < ref.size || ref.size === 0) {
      this.enforceQuota(ref.size - offset);
      const url = this.resolveUrl(ref.url);
      this.opts.log.info('开始下载媒体', { sha256: ref.sha256, url, offset });
      const res = await this.http(url, offset > 0 ? { Range: `bytes=${offset}-` } : {});
      this.currentBody = res.body;
      try {
        await this.receive(res, part, offset, ref);
      } finally {
        this.currentBody = null;
        res.body.destroy();
      }
    }
    const actual = await sha256Of(part);
    if (actual !== ref.sha256) {
      fs.rmSync(part, { force: true });
      throw new MediaFailure('media-hash-mismatch', `媒体文件 sha256 校验失败（期望 ${ref.sha256}，实际 ${actual}），已删除，不会播放`, true);
    }
    const final = path.join(this.opts.mediaDir, `${ref.sha256}.${extOf(ref)}`);
    await fs.promises.rename(part, final);
    await fsyncDirAsync(this.opts.mediaDir);
    const bytes = sizeOf(final);
    this.ready.set(ref.sha256, { file: final, bytes, usedAt: this.opts.clock.now() });
    return bytes;
  }

  private async receive(res: HttpResponse, part: string, offset: number, ref: MediaRef): Promise<void> {
    if (res.status === 206 && offset > 0) {
      const start = /^bytes (\d+)-/.exec(String(res.headers['content-range'] ?? ''));
      if (start && Number(start[1]) !== offset) throw new Error(`服务器返回的 Content-Range 起点 ${start[1]} 与请求的 ${offset} 不符`);
      await writeBody(res.body, part, 'a', ref.size - offset);
    } else if (res.status === 200) {
      // The server ignored the Range header (or there was none): start over.
      await writeBody(res.body, part, 'w', ref.size);
    } else if (res.status === 416 && offset > 0) {
      // The part already reaches the end of the server's file: complete or corrupt, the hash check decides.
    } else {
      throw new MediaFailure('media-http-error', `下载媒体失败：HTTP ${res.status}（${ref.url}）`, res.status >= 400 && res.status < 500);
    }
  }

  /** Paths are appended to the server URL so a deployment under a path prefix keeps working. */
  private resolveUrl(url: string): string {
    if (/^https?:\/\//i.test(url)) return url;
    return url.startsWith('/') ? this.opts.serverUrl + url : new URL(url, this.opts.serverUrl + '/').toString();
  }
}

/**
 * Every chunk is written as it arrives (the next is read only once it is written), so a kill mid-download leaves
 * a part file that resumes exactly. Writes and the fsync run on the thread pool: a slow card does not stall the
 * agent's event loop (MQTT, playback timing).
 */
async function writeBody(body: AsyncIterable<Buffer>, file: string, flags: 'a' | 'w', maxBytes: number): Promise<void> {
  const handle = await fs.promises.open(file, flags);
  let written = 0;
  try {
    for await (const chunk of body) {
      written += chunk.length;
      if (written > maxBytes) throw new MediaFailure('media-too-large', `媒体文件超过声明的大小（${maxBytes} 字节）`, true);
      await handle.write(chunk);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return hash.digest('hex');
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function extOf(ref: MediaRef): string {
  const fromUrl = /\.([a-z0-9]{1,8})(?:[?#].*)?$/i.exec(ref.url)?.[1]?.toLowerCase();
  const ext = fromUrl ?? EXT_BY_MIME[ref.mime] ?? 'bin';
  return ext === 'part' ? 'bin' : ext;
}
