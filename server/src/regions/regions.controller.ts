import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RegionEntity } from './region.entity';
import { RegionsService } from './regions.service';

@ApiTags('regions')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  list(): Promise<RegionEntity[]> {
    return this.regions.list();
  }

  @Get(':code')
  get(@Param('code') code: string): Promise<RegionEntity> {
    return this.regions.get(code);
  }
}
