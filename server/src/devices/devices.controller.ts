import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audit.decorators';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { ListDevicesQuery, RegisterDeviceDto } from './device.dto';
import { DevicesService, DeviceView } from './devices.service';

@ApiTags('devices')
@ApiBearerAuth()
@Controller('devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Post()
  @Roles('operator')
  @Audited('device.register', 'device')
  register(@Body() dto: RegisterDeviceDto, @CurrentUser() user: AuthUser): Promise<{ device: DeviceView; token: string }> {
    return this.devices.register(dto, user);
  }

  @Get()
  list(@Query() q: ListDevicesQuery, @CurrentUser() user: AuthUser): Promise<DeviceView[]> {
    return this.devices.list(q, user);
  }

  @Get(':id')
  get(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<DeviceView> {
    return this.devices.get(id, user);
  }
}
