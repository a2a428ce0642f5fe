import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { speechReading } from './speech-reading';
import { SpeechReadingDto, SpeechReadingView } from './speech-reading.dto';

@ApiTags('media')
@ApiBearerAuth()
@Controller('speech')
export class SpeechController {
  @Post('reading')
  @HttpCode(200)
  @Roles('editor', 'reviewer')
  @ApiOperation({ summary: '预览文字将如何朗读（数字、日期、电话号码、百分数的读法，逐句）' })
  @ApiOkResponse({ type: SpeechReadingView })
  reading(@Body() dto: SpeechReadingDto): SpeechReadingView {
    return speechReading(dto.text, dto.rate);
  }
}
