import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { VoiceInfo } from '@sunshine/media';
import { VoiceCatalogue } from './voice-catalogue';

@ApiTags('media')
@ApiBearerAuth()
@Controller('voices')
export class VoicesController {
  constructor(private readonly voices: VoiceCatalogue) {}

  @Get()
  list(): VoiceInfo[] {
    return this.voices.list();
  }
}
