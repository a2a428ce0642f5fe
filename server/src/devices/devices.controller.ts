import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponse } from '../common/error-response';
import { DeviceResponse, RegisteredDeviceResponse } from './device.response';
import { Roles } from '../auth/auth.decorators';
import { ListDevicesQuery, RegisterDeviceDto } from './device.dto';
import { DevicesService, DeviceView } from './devices.service';

@ApiTags('devices')
@ApiBearerAuth()
@Controller('devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Post()
  @ApiOperation({ summary: '登记设备', description: '返回设备和设备令牌；令牌只显示这一次' })
  @ApiCreatedResponse({ type: RegisteredDeviceResponse })
  @ApiResponse({ status: 409, type: ErrorResponse, description: '设备编号已存在（DEVICE_EXISTS）' })
  @Roles('operator')
  register(@Body() dto: RegisterDeviceDto): Promise<{ device: DeviceView; token: string }> {
    return this.devices.register(dto);
  }

  @Get()
  @ApiOperation({ summary: '设备列表', description: '可按在线状态和行政区划（含下级）筛选' })
  @ApiOkResponse({ type: [DeviceResponse] })
  list(@Query() q: ListDevicesQuery): Promise<DeviceView[]> {
    return this.devices.list(q);
  }

  @Get(':id')
  @ApiOperation({ summary: '设备详情与状态' })
  @ApiOkResponse({ type: DeviceResponse })
  get(@Param('id') id: string): Promise<DeviceView> {
    return this.devices.get(id);
  }
}
