import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { stat } from 'node:fs/promises';
import type { ContentStore } from '@sunshine/media';
import { AppError, ErrorCode } from '../common/app-error';
import { MEDIA_STORE } from './media-deps';

const FILE_NAME = /^([0-9a-f]{64})\.(mp3|mp4|wav|m4a|aac|amr|ogg)$/;
const MIME: Record<string, string> = { mp3: 'audio/mpeg', mp4: 'video/mp4', wav: 'audio/wav', m4a: 'audio/mp4', aac: 'audio/aac', amr: 'audio/amr', ogg: 'audio/ogg' };

@Injectable()
export class MediaFilesService {
  constructor(@Inject(MEDIA_STORE) private readonly store: ContentStore) {}

  async resolve(fileName: string): Promise<{ path: string; sha256: string; mime: string }> {
    const m = FILE_NAME.exec(fileName);
    if (!m || !(await this.store.has(m[1], m[2]))) {
      throw AppError.notFound(ErrorCode.MediaNotFound, `媒体文件 ${fileName.slice(0, 80)} 不存在`);
    }
    return { path: this.store.pathFor(m[1], m[2]), sha256: m[1], mime: MIME[m[2]] };
  }

  /**
   * Sends a stored file: `send` answers Range (206), If-None-Match (304) itself. Its errors reach us instead of
   * Express, so an unsatisfiable Range becomes a bare 416 with a `Content-Range` giving the size (RFC 9110), not a
   * JSON 500 still labelled with the media type.
   */
  async send(fileName: string, res: Response): Promise<void> {
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
    throw AppError.notFound(ErrorCode.MediaNotFound, `媒体文件 ${fileName.slice(0, 80)} 不存在`);
  }
}
