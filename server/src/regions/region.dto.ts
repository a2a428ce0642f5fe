import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { RegionLevel } from './region.entity';

const LEVELS: RegionLevel[] = ['province', 'city', 'county', 'town', 'village'];

export class CreateRegionDto {
  @ApiProperty({ description: '12 位统计用区划代码；上级区划须已导入', example: '510811100203' })
  @Matches(/^\d{12}$/)
  code!: string;

  @ApiProperty({ description: '名称', example: '青杠村', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  name!: string;

  @ApiPropertyOptional({ enum: LEVELS, description: '级别；省略则由代码推出，给出时须与代码相符', example: 'village' })
  @IsOptional()
  @IsIn(LEVELS)
  level?: RegionLevel;
}

export class UpdateRegionDto {
  @ApiProperty({ description: '新名称', example: '青杠村', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  name!: string;
}

export class RegionCsvBodyDto {
  @ApiProperty({ description: 'CSV 文本（UTF-8，首行表头 code,name,level）。也可直接以 Content-Type: text/csv 发送；JSON 请求体上限 256 KB，更大的文件请以 text/csv 发送', example: 'code,name,level\n510811100203,青杠村,village' })
  @IsString()
  csv!: string;
}

export class RegionImportQuery {
  @ApiPropertyOptional({ description: '为 true 时只校验不导入，返回每一行的问题', example: false })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  dryRun?: boolean;
}

export class RegionResponse {
  @ApiProperty({ example: '510811100201' })
  code!: string;
  @ApiProperty({ example: '红岩村' })
  name!: string;
  @ApiProperty({ enum: LEVELS })
  level!: RegionLevel;
  @ApiProperty({ type: String, nullable: true, example: '510811100000' })
  parentCode!: string | null;
}

class RegionProblemResponse {
  @ApiProperty({ description: '文件中的行号（表头为第 1 行）', example: 3 })
  line!: number;
  @ApiProperty({ example: '上级区划 510811102000 既不在文件中也未导入' })
  reason!: string;
}

export class RegionImportResponse {
  @ApiProperty({ description: '没有任何问题（dryRun 时表示可以导入）' })
  ok!: boolean;
  @ApiProperty({ description: '是否只做了校验' })
  dryRun!: boolean;
  @ApiProperty({ description: '新增的区划数（dryRun 时为将新增的数量）' })
  created!: number;
  @ApiProperty({ description: '已存在、更新名称的区划数' })
  updated!: number;
  @ApiProperty({ type: [RegionProblemResponse], description: '逐行问题；非 dryRun 时有问题会返回 400 而不是这里' })
  problems!: RegionProblemResponse[];
}

export class RegionDeletedResponse {
  @ApiProperty({ example: '510811100203' })
  code!: string;
  @ApiProperty({ description: '删除的区划数（含下级）', example: 1 })
  deleted!: number;
}
