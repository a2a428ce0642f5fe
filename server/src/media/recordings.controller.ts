import { Body, Controller, Get, Param, ParseUUIDPipe, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponse } from '../common/error-response';
import { RecordingResponse } from './media.response';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import * as os from 'node:os';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { AppError, ErrorCode } from '../common/app-error';
import { RecordingEntity } from './recording.entity';
import { MAX_RECORDING_BYTES, RecordingsService } from './recordings.service';

export class RecordingUploadDto {
  /** BCP 47 tag of the spoken language: zh-CN, ii (彝语), zh-sichuan … */
  @ApiProperty({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: '录音的语言（BCP 47），如 zh-CN、ii（彝语）', example: 'ii' })
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
  language!: string;

  @ApiPropertyOptional({ maxLength: 200, description: '备注' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

/** The multipart form as sent: the validated fields plus the file, which multer takes out of the body. */
export class RecordingUploadForm extends RecordingUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: '录音文件：mp3、wav、m4a/aac、amr、ogg/opus；≤ 50 MB，≤ 30 分钟' })
  file!: unknown;
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
  @ApiBody({ type: RecordingUploadForm })
  @ApiOperation({ summary: '上传录音', description: '探测格式与时长后保存，可作为内容的语言版本（如彝语录音）' })
  @ApiCreatedResponse({ type: RecordingResponse })
  @ApiResponse({ status: 400, type: ErrorResponse, description: '缺少文件、不是可识别的音频或时长超限（VALIDATION_FAILED、RECORDING_NOT_AUDIO、RECORDING_TOO_LONG、RECORDING_TOO_LARGE）' })
  @ApiResponse({ status: 413, type: ErrorResponse, description: '文件超过 50 MB（PAYLOAD_TOO_LARGE）' })
  @UseInterceptors(FileInterceptor('file', { dest: os.tmpdir(), limits: { fileSize: MAX_RECORDING_BYTES, files: 1 } }))
  upload(@UploadedFile() file: UploadedTmpFile | undefined, @Body() dto: RecordingUploadDto, @CurrentUser() user: AuthUser): Promise<RecordingEntity> {
    if (!file) throw AppError.badRequest(ErrorCode.ValidationFailed, '请以 multipart/form-data 上传录音文件（字段名 file）');
    return this.recordings.accept(file.path, dto, user);
  }

  @Get(':id')
  @ApiOperation({ summary: '录音详情' })
  @ApiOkResponse({ type: RecordingResponse })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<RecordingEntity> {
    return this.recordings.get(id);
  }
}
