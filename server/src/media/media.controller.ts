import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({ summary: '下载媒体文件（按 sha256 命名，不可变）', description: '支持 Range 断点续传（206/416）、强 ETag（即 sha256）与 If-None-Match（304）；无需登录' })
  @ApiParam({ name: 'file', description: '<sha256>.<扩展名>', example: '0f3a….mp3' })
  @ApiProduces('audio/mpeg', 'video/mp4', 'application/octet-stream')
  @ApiOkResponse({
    description: '文件内容',
    content: {
      'audio/mpeg': { schema: { type: 'string', format: 'binary' } },
      'video/mp4': { schema: { type: 'string', format: 'binary' } },
      'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiResponse({ status: 206, description: '部分内容（Range 请求）', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 304, description: '未修改（If-None-Match 与 ETag 相同）' })
  get(@Param('file') file: string, @Res() res: Response): Promise<void> {
    return this.files.send(file, res);
  }
}
