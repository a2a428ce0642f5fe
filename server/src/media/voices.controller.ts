import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { VoiceResponse } from './media.response';
import type { CatalogueVoice } from '@sunshine/media';
import { VoiceCatalogue } from './voice-catalogue';

@ApiTags('media')
@ApiBearerAuth()
@Controller('voices')
export class VoicesController {
  constructor(private readonly voices: VoiceCatalogue) {}

  /** Every voice with engine, language, dialect and `available` (probed now, or the engine's cached answer). */
  @Get()
  @ApiOperation({ summary: '可用语音列表', description: '离线 espeak-ng 与在线神经语音（普通话、四川话……），以及当前是否可用' })
  @ApiOkResponse({ type: [VoiceResponse] })
  list(): Promise<CatalogueVoice[]> {
    return this.voices.list();
  }
}
