import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audit.decorators';
import { DeviceCommandResponse } from '../devices/device.response';
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
  @ApiOperation({ summary: '向设备发送命令', description: 'set-volume、sync-now、stop、identify；签名下发，设备回报的结果记入命令记录' })
  @ApiAcceptedResponse({ type: DeviceCommandResponse })
  @HttpCode(202)
  @Roles('operator')
  @Audited('device.command', 'device')
  send(@Param('id') id: string, @Body() dto: DeviceCommandDto, @CurrentUser() user: AuthUser): Promise<DeviceCommandEntity> {
    return this.fleet.send(id, dto, user);
  }

  @Get(':id/commands')
  @ApiOperation({ summary: '设备的命令记录' })
  @ApiOkResponse({ type: [DeviceCommandResponse] })
  list(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<DeviceCommandEntity[]> {
    return this.fleet.list(id, user);
  }
}
