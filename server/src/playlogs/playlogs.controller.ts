import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { PlayLogResponse } from './play-log.response';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PlayLogEntity } from './play-log.entity';
import { PlayLogsService } from './playlogs.service';

export class PlayLogQuery {
  @ApiPropertyOptional({ maxLength: 64, description: '按设备筛选' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  deviceId?: string;

  @ApiPropertyOptional({ maxLength: 36, description: '按内容筛选' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  contentId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5000, description: '最多返回条数' })
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
  @ApiOperation({ summary: '播放记录查询' })
  @ApiOkResponse({ type: [PlayLogResponse] })
  find(@Query() q: PlayLogQuery): Promise<PlayLogEntity[]> {
    return this.logs.find(q);
  }
}
