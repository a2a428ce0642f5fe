import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { CalendarOccurrence, CalendarQuery, CreateScheduleDto, SchedulePreview } from './schedule.dto';
import { ScheduleEntity } from './schedule.entity';
import { ScheduleCreatedResponse, ScheduleResponse } from './schedule.response';
import { ScheduleCreated, SchedulesService } from './schedules.service';

@ApiTags('schedules')
@ApiBearerAuth()
@Controller('schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post()
  @ApiOperation({ summary: '新建排期', description: '按区划、设备、类型、标签选定设备；立即、定时、重复规则或轮播。只向受影响的设备发布新播放列表，冲突随结果返回。' })
  @ApiCreatedResponse({ type: ScheduleCreatedResponse })
  @Roles('editor', 'operator')
  create(@Body() dto: CreateScheduleDto, @CurrentUser() user: AuthUser): Promise<ScheduleCreated> {
    return this.schedules.create(dto, user);
  }

  @Post('preview')
  @HttpCode(200)
  @Roles('editor', 'operator')
  @ApiOperation({ summary: '预览排期（不保存）：覆盖设备、规则说明、接下来的播出时刻和冲突' })
  @ApiOkResponse({ type: SchedulePreview })
  preview(@Body() dto: CreateScheduleDto, @CurrentUser() user: AuthUser): Promise<SchedulePreview> {
    return this.schedules.preview(dto, user);
  }

  @Get('calendar')
  @ApiOperation({ summary: '排期日历：指定日期范围内（至多 62 天）每次播出' })
  @ApiOkResponse({ type: [CalendarOccurrence] })
  calendar(@Query() q: CalendarQuery, @CurrentUser() user: AuthUser): Promise<CalendarOccurrence[]> {
    return this.schedules.calendar(q, user);
  }

  @Post(':id/cancel')
  @ApiOperation({ summary: '取消排期' })
  @ApiOkResponse({ type: ScheduleResponse })
  @HttpCode(200)
  @Roles('editor', 'operator')
  cancel(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<ScheduleEntity> {
    return this.schedules.cancel(id, user);
  }

  @Get()
  @ApiOperation({ summary: '排期列表' })
  @ApiOkResponse({ type: [ScheduleResponse] })
  list(@CurrentUser() user: AuthUser): Promise<ScheduleEntity[]> {
    return this.schedules.list(user);
  }
}
