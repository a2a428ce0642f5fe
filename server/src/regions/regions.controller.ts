import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { csvBodyText } from '../common/csv';
import { CreateRegionDto, RegionCsvBodyDto, RegionDeletedResponse, RegionImportQuery, RegionImportResponse, RegionResponse, UpdateRegionDto } from './region.dto';
import { RegionEntity } from './region.entity';
import { RegionImportResult, RegionsImportService } from './regions-import.service';
import { RegionsService } from './regions.service';

@ApiTags('regions')
@ApiBearerAuth()
@ApiExtraModels(RegionCsvBodyDto)
@Controller('regions')
export class RegionsController {
  constructor(
    private readonly regions: RegionsService,
    private readonly importer: RegionsImportService,
  ) {}

  @Get()
  @ApiOperation({ summary: '行政区划列表（按代码排序）' })
  @ApiOkResponse({ type: [RegionResponse] })
  list(): Promise<RegionEntity[]> {
    return this.regions.list();
  }

  @Post('import')
  @Roles('admin')
  @ApiOperation({
    summary: '从 CSV 导入行政区划（全部成功或全部不导入）',
    description:
      '表头 code,name,level（也可用 代码,名称,级别）。code 为 12 位统计用区划代码，县级及以上也可写 6 位 GB/T 2260 代码；level 可省略，' +
      '给出时须与代码相符（province/city/county/town/village 或 省/市/县/乡/村）。上级区划须在文件中或已导入。已存在的代码更新名称。' +
      '任何一行有问题返回 400，逐行列出行号与原因；dryRun=true 只校验并返回结果。',
  })
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({ schema: { oneOf: [{ type: 'string', description: 'CSV 文本' }, { $ref: getSchemaPath(RegionCsvBodyDto) }] } })
  @ApiCreatedResponse({ type: RegionImportResponse })
  import(@Body() body: unknown, @Query() q: RegionImportQuery): Promise<RegionImportResult> {
    return this.importer.import(csvBodyText(body), { dryRun: q.dryRun });
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: '新增一个区划（如新设的村），上级须已存在' })
  @ApiCreatedResponse({ type: RegionResponse })
  create(@Body() dto: CreateRegionDto): Promise<RegionEntity> {
    return this.regions.create(dto);
  }

  @Get(':code')
  @ApiOperation({ summary: '查看一个区划' })
  @ApiOkResponse({ type: RegionResponse })
  get(@Param('code') code: string): Promise<RegionEntity> {
    return this.regions.get(code);
  }

  @Patch(':code')
  @Roles('admin')
  @ApiOperation({ summary: '修改区划名称' })
  @ApiOkResponse({ type: RegionResponse })
  rename(@Param('code') code: string, @Body() dto: UpdateRegionDto): Promise<RegionEntity> {
    return this.regions.rename(code, dto);
  }

  @Delete(':code')
  @Roles('admin')
  @ApiOperation({ summary: '删除区划及其下级；本级或下级还有设备时拒绝（REGION_HAS_DEVICES）' })
  @ApiOkResponse({ type: RegionDeletedResponse })
  remove(@Param('code') code: string): Promise<{ code: string; deleted: number }> {
    return this.regions.remove(code);
  }
}
