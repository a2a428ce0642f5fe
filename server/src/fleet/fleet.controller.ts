import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audit.decorators';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { DeviceCommandEntity } from '../devices/device-command.entity';
import { DeviceCommandDto } from '../devices/device.dto';
import { FleetService } from './fleet.service';

@ApiTags('devices')
@ApiBearerAuth()
@Controller('devices')
export class FleetController {
  constructor(private readonly fleet: FleetService) {}

  @Post(':id/commands')
  @HttpCode(202)
  @Roles('operator')
  @Audited('device.command', 'device')
  send(@Param('id') id: string, @Body() dto: DeviceCommandDto, @CurrentUser() user: AuthUser): Promise<DeviceCommandEntity> {
    return this.fleet.send(id, dto, user);
  }

  @Get(':id/commands')
  list(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<DeviceCommandEntity[]> {
    return this.fleet.list(id, user);
  }
}
