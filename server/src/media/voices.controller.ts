import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CatalogueVoice } from '@sunshine/media';
import { VoiceCatalogue } from './voice-catalogue';

@ApiTags('media')
@ApiBearerAuth()
@Controller('voices')
export class VoicesController {
  constructor(private readonly voices: VoiceCatalogue) {}

  /** Every voice with engine, language, dialect and `available` (probed now, or the engine's cached answer). */
  @Get()
  list(): Promise<CatalogueVoice[]> {
    return this.voices.list();
  }
}
