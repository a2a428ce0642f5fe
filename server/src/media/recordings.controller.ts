import { Body, Controller, Get, Param, ParseUUIDPipe, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import * as os from 'node:os';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { AppError, ErrorCode } from '../common/app-error';
import { RecordingEntity } from './recording.entity';
import { MAX_RECORDING_BYTES, RecordingsService } from './recordings.service';

export class RecordingUploadDto {
  /** BCP 47 tag of the spoken language: zh-CN, ii (彝语), zh-sichuan … */
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
  language!: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

interface UploadedTmpFile {
  path: string;
  size: number;
  originalname: string;
}

@ApiTags('media')
@ApiBearerAuth()
@Controller('recordings')
export class RecordingsController {
  constructor(private readonly recordings: RecordingsService) {}

  /** multipart/form-data: `file` (mp3, wav, m4a/aac, amr, ogg/opus; ≤ 50 MB, ≤ 30 min) and `language`. */
  @Post()
  @Roles('editor')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { dest: os.tmpdir(), limits: { fileSize: MAX_RECORDING_BYTES, files: 1 } }))
  upload(@UploadedFile() file: UploadedTmpFile | undefined, @Body() dto: RecordingUploadDto, @CurrentUser() user: AuthUser): Promise<RecordingEntity> {
    if (!file) throw AppError.badRequest(ErrorCode.ValidationFailed, '请以 multipart/form-data 上传录音文件（字段名 file）');
    return this.recordings.accept(file.path, dto, user);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<RecordingEntity> {
    return this.recordings.get(id);
  }
}
