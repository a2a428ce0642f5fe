import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RenditionResponse } from './media.response';
import { RenditionEntity } from './rendition.entity';
import { RenditionsService } from './renditions.service';

@ApiTags('media')
@ApiBearerAuth()
@Controller('revisions')
export class RenditionsController {
  constructor(private readonly renditions: RenditionsService) {}

  @Get(':revisionId/renditions')
  @ApiOperation({ summary: '修订的渲染结果（各设备规格）' })
  @ApiOkResponse({ type: [RenditionResponse] })
  list(@Param('revisionId', ParseUUIDPipe) revisionId: string): Promise<RenditionEntity[]> {
    return this.renditions.listForRevision(revisionId);
  }
}
