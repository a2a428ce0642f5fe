import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { CreateScheduleDto } from './schedule.dto';
import { ScheduleEntity } from './schedule.entity';
import { ScheduleCreated, SchedulesService } from './schedules.service';

@ApiTags('schedules')
@ApiBearerAuth()
@Controller('schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post()
  @Roles('editor', 'operator')
  create(@Body() dto: CreateScheduleDto, @CurrentUser() user: AuthUser): Promise<ScheduleCreated> {
    return this.schedules.create(dto, user);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('editor', 'operator')
  cancel(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<ScheduleEntity> {
    return this.schedules.cancel(id, user);
  }

  @Get()
  list(@CurrentUser() user: AuthUser): Promise<ScheduleEntity[]> {
    return this.schedules.list(user);
  }
}
