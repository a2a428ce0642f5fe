import { Body, Controller, Get, Post } from '@nestjs/common';
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

  @Get()
  list(): Promise<ScheduleEntity[]> {
    return this.schedules.list();
  }
}
