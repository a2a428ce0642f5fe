import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ListDevicesQuery, RegisterDeviceDto } from './device.dto';
import { DevicesService, DeviceView } from './devices.service';

@ApiTags('devices')
@ApiBearerAuth()
@Controller('devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Post()
  @Roles('operator')
  register(@Body() dto: RegisterDeviceDto): Promise<{ device: DeviceView; token: string }> {
    return this.devices.register(dto);
  }

  @Get()
  list(@Query() q: ListDevicesQuery): Promise<DeviceView[]> {
    return this.devices.list(q);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<DeviceView> {
    return this.devices.get(id);
  }
}
