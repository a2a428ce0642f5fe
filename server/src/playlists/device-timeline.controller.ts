import { Controller, Get, Param, Query } from '@nestjs/common';
import { AuthUser, CurrentUser } from '../auth/auth.decorators';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TimelineQuery, DeviceTimelineView } from './device-timeline.dto';
import { DeviceTimelineService } from './device-timeline.service';

@ApiTags('devices')
@ApiBearerAuth()
@Controller('devices')
export class DeviceTimelineController {
  constructor(private readonly timeline: DeviceTimelineService) {}

  @Get(':id/timeline')
  @ApiOperation({ summary: '设备某一天的播出时间线：每一项何时播、为何播或为何不播' })
  @ApiOkResponse({ type: DeviceTimelineView })
  get(@Param('id') id: string, @Query() q: TimelineQuery, @CurrentUser() user: AuthUser): Promise<DeviceTimelineView> {
    return this.timeline.forDay(id, q.date, user);
  }
}
