import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RegionResponse } from './region.response';
import { RegionEntity } from './region.entity';
import { RegionsService } from './regions.service';

@ApiTags('regions')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @ApiOperation({ summary: '行政区划列表' })
  @ApiOkResponse({ type: [RegionResponse] })
  list(): Promise<RegionEntity[]> {
    return this.regions.list();
  }

  @Get(':code')
  @ApiOperation({ summary: '查询行政区划' })
  @ApiOkResponse({ type: RegionResponse })
  get(@Param('code') code: string): Promise<RegionEntity> {
    return this.regions.get(code);
  }
}
