import { ApiProperty } from '@nestjs/swagger';
import type { RegionEntity, RegionLevel } from './region.entity';

export class RegionResponse implements RegionEntity {
  @ApiProperty({ example: '510811100201', description: '12 位统计用区划代码' })
  code!: string;

  @ApiProperty({ example: '红岩村' })
  name!: string;

  @ApiProperty({ enum: ['province', 'city', 'county', 'town', 'village'] })
  level!: RegionLevel;

  @ApiProperty({ type: String, nullable: true })
  parentCode!: string | null;
}
