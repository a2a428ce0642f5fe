import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { MediaFilesService } from './media-files.service';

/** `GET /media/{sha256}.{ext}`: content-addressed, so the ETag is the hash and the file never changes. */
@ApiTags('media')
@Controller()
export class MediaController {
  constructor(private readonly files: MediaFilesService) {}

  @Public()
  @Get('media/:file')
  async get(@Param('file') file: string, @Res() res: Response): Promise<void> {
    const found = await this.files.resolve(file);
    res.setHeader('ETag', `"${found.sha256}"`);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.type(found.mime);
    // `send` handles Range (206/416), If-Range and If-None-Match against the ETag set above.
    res.sendFile(found.path, { etag: false, lastModified: false, cacheControl: false, acceptRanges: true, dotfiles: 'deny' });
  }
}
