import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { readFile, stat } from 'node:fs/promises';
import type { ContentStore } from '@sunshine/media';
import { AppError, ErrorCode } from '../common/app-error';
import { MEDIA_STORE } from './media-deps';

const FILE_NAME = /^([0-9a-f]{64})\.(mp3|mp4|wav|m4a|aac|amr|ogg)$/;
const MIME: Record<string, string> = { mp3: 'audio/mpeg', mp4: 'video/mp4', wav: 'audio/wav', m4a: 'audio/mp4', aac: 'audio/aac', amr: 'audio/amr', ogg: 'audio/ogg' };

/** Files up to this size are kept in memory once asked for (alert tone and speech, notices: tens of KB). */
export const HOT_FILE_MAX_BYTES = 1 << 20;
/** All of them together, least recently asked for dropped first. */
export const HOT_TOTAL_MAX_BYTES = 32 << 20;

@Injectable()
export class MediaFilesService {
  /**
   * Small files by name, in least-recently-used order: a county-wide alert or notice has thousands of devices ask
   * for the same file within seconds, and a stat, open, read and close per request made the file server the
   * busiest part of the process (bench:fleet at 10,000 devices). Names are content hashes, so a kept copy is never
   * out of date; a file the media clean-up deletes may still be answered from here until dropped (nothing refers
   * to it any more, and its bytes are still the ones its name promises).
   */
  private readonly hot = new Map<string, Buffer>();
  private hotBytes = 0;

  constructor(@Inject(MEDIA_STORE) private readonly store: ContentStore) {}

  async resolve(fileName: string): Promise<{ path: string; sha256: string; mime: string }> {
    const m = FILE_NAME.exec(fileName);
    if (!m || !(await this.store.has(m[1], m[2]))) {
      throw mediaNotFound(fileName);
    }
    return { path: this.store.pathFor(m[1], m[2]), sha256: m[1], mime: MIME[m[2]] };
  }

  /**
   * Sends a stored file: `send` answers Range (206), If-None-Match (304) itself. Its errors reach us instead of
   * Express, so an unsatisfiable Range becomes a bare 416 with a `Content-Range` giving the size (RFC 9110), not a
   * JSON 500 still labelled with the media type.
   */
  async send(fileName: string, res: Response): Promise<void> {
    // A whole small file from memory; a Range request (a resumed download) goes the way below, which answers it.
    if (!res.req.headers.range && (await this.sendHot(fileName, res))) return;
    const found = await this.resolve(fileName);
    res.setHeader('ETag', `"${found.sha256}"`);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.type(found.mime);
    const err = await new Promise<(Error & { status?: number }) | undefined>((resolve) =>
      res.sendFile(found.path, { etag: false, lastModified: false, cacheControl: false, acceptRanges: true, dotfiles: 'deny' }, (e) => resolve(e ?? undefined)),
    );
    if (!err || res.headersSent) return;
    res.removeHeader('Content-Type');
    if (err.status === 416) {
      const { size } = await stat(found.path);
      res.status(416).setHeader('Content-Range', `bytes */${size}`);
      res.end();
      return;
    }
    // The file vanished between the check and the read (or could not be read): as absent.
    res.removeHeader('ETag');
    res.removeHeader('Cache-Control');
    throw mediaNotFound(fileName);
  }

  /** Answers from memory when the file is small (reading it in on first use); false when it is not. */
  private async sendHot(fileName: string, res: Response): Promise<boolean> {
    const body = this.recall(fileName) ?? (await this.load(fileName));
    if (!body) return false;
    const m = FILE_NAME.exec(fileName)!;
    const etag = `"${m[1]}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('Accept-Ranges', 'bytes');
    if (notModified(res.req.headers['if-none-match'], etag)) {
      res.status(304).end();
      return true;
    }
    res.type(MIME[m[2]]);
    res.setHeader('Content-Length', String(body.length));
    res.status(200).end(res.req.method === 'HEAD' ? undefined : body);
    return true;
  }

  /** A kept file, now the most recently used. */
  private recall(fileName: string): Buffer | undefined {
    const body = this.hot.get(fileName);
    if (body) {
      this.hot.delete(fileName);
      this.hot.set(fileName, body);
    }
    return body;
  }

  /** Reads a small stored file into memory; null when it is large (or vanished meanwhile). Unknown names: 404. */
  private async load(fileName: string): Promise<Buffer | null> {
    const m = FILE_NAME.exec(fileName);
    const stored = m ? await this.store.stat(m[1], m[2]) : undefined;
    if (!stored) throw mediaNotFound(fileName);
    if (stored.size > HOT_FILE_MAX_BYTES) return null;
    const body = await readFile(stored.path).catch(() => null);
    if (!body || body.length > HOT_FILE_MAX_BYTES) return null;
    this.keep(fileName, body);
    return body;
  }

  private keep(fileName: string, body: Buffer): void {
    // Two first requests at once both read the file: count it once.
    if (this.hot.has(fileName)) return;
    this.hot.set(fileName, body);
    this.hotBytes += body.length;
    for (const [name, old] of this.hot) {
      if (this.hotBytes <= HOT_TOTAL_MAX_BYTES) break;
      this.hot.delete(name);
      this.hotBytes -= old.length;
    }
  }
}

/** The one answer for a name that is not (or no longer) a stored file. */
function mediaNotFound(fileName: string): AppError {
  return AppError.notFound(ErrorCode.MediaNotFound, `媒体文件 ${fileName.slice(0, 80)} 不存在`);
}

/** If-None-Match lists ETags (or is `*`); a match means the client's copy is current. */
function notModified(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.trim() === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
