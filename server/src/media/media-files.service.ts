import { Inject, Injectable } from '@nestjs/common';
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
}
