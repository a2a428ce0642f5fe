import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/auth.decorators';
import { PlayLogResponse } from './play-log.response';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ApiArrayOrPage, Page, PageQuery } from '../common/pagination';
import { PlayLogEntity } from './play-log.entity';
import { PlayLogsService, type PlayLogView } from './playlogs.service';

export class PlayLogQuery extends PageQuery {
  @ApiPropertyOptional({ maxLength: 64, description: '设备编号' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  deviceId?: string;

  @ApiPropertyOptional({ description: '行政区划代码（含下级设备）', example: '510811100000' })
  @IsOptional()
  @Matches(/^\d{12}$/)
  regionCode?: string;

  @ApiPropertyOptional({ maxLength: 100, description: '内容标题中的文字' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  title?: string;

  @ApiPropertyOptional({ maxLength: 36, description: '内容编号' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  contentId?: string;

  @ApiPropertyOptional({ enum: ['completed', 'interrupted', 'failed'], description: '播放结果' })
  @IsOptional()
  @IsIn(['completed', 'interrupted', 'failed'])
  outcome?: 'completed' | 'interrupted' | 'failed';

  @ApiPropertyOptional({ description: '开始播放不早于（ISO 时间）' })
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ description: '开始播放早于（ISO 时间）' })
  @IsOptional()
  @IsISO8601()
  to?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5000, default: 500, description: '不分页时最多返回的条数（默认 500）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}


@ApiTags('playlogs')
@ApiBearerAuth()
@Controller('playlogs')
export class PlayLogsController {
  constructor(private readonly logs: PlayLogsService) {}

  @Get()
  @ApiOperation({ summary: '播放记录（新的在前，按设备、区划含下级、内容、结果、时间筛选；给出 page/pageSize 时分页）' })
  @ApiArrayOrPage(PlayLogResponse, '未给出 page/pageSize 时为数组（至多 limit 条），否则为分页结果')
  find(@Query() q: PlayLogQuery, @CurrentUser() user: AuthUser): Promise<PlayLogEntity[] | Page<PlayLogView>> {
    return this.logs.find(q, user);
  }
}
