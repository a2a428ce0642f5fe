import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/auth.decorators';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PlayLogEntity } from './play-log.entity';
import { PlayLogsService } from './playlogs.service';

export class PlayLogQuery {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  deviceId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(36)
  contentId?: string;

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
  find(@Query() q: PlayLogQuery, @CurrentUser() user: AuthUser): Promise<PlayLogEntity[]> {
    return this.logs.find(q, user);
  }
}
