import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RenditionEntity } from './rendition.entity';
import { RenditionsService } from './renditions.service';

@ApiTags('media')
@ApiBearerAuth()
@Controller('revisions')
export class RenditionsController {
  constructor(private readonly renditions: RenditionsService) {}

  @Get(':revisionId/renditions')
  list(@Param('revisionId', ParseUUIDPipe) revisionId: string): Promise<RenditionEntity[]> {
    return this.renditions.listForRevision(revisionId);
  }
}
