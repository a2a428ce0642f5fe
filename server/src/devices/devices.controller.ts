import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audit.decorators';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { ErrorResponse } from '../common/error-response';
import { ApiArrayOrPage, Page } from '../common/pagination';
import { DeviceCountDto, DeviceCountView, ListDevicesQuery, RegisterDeviceDto } from './device.dto';
import { DeviceResponse, RegisteredDeviceResponse } from './device.response';
import { AgentConnection, DevicesService, DeviceView } from './devices.service';

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
  @Audited('device.register', 'device')
  register(@Body() dto: RegisterDeviceDto, @CurrentUser() user: AuthUser): Promise<{ device: DeviceView; token: string; agent: AgentConnection }> {
    return this.devices.register(dto, user);
  }

  @Get()
  @ApiOperation({ summary: '设备列表（按状态、类型、区划含下级、标签、名称/编号筛选；给出 page/pageSize 时分页）' })
  @ApiArrayOrPage(DeviceResponse, '未给出 page/pageSize 时为设备数组，否则为分页结果')
  list(@Query() q: ListDevicesQuery, @CurrentUser() user: AuthUser): Promise<DeviceView[] | Page<DeviceView>> {
    return this.devices.list(q, user);
  }

  @Post('count')
  @HttpCode(200)
  @ApiOperation({ summary: '统计播出对象覆盖的设备数（按类型、按乡镇）' })
  @ApiOkResponse({ type: DeviceCountView })
  count(@Body() dto: DeviceCountDto, @CurrentUser() user: AuthUser): Promise<DeviceCountView> {
    return this.devices.count(dto, user);
  }

  @Get(':id')
  @ApiOperation({ summary: '设备详情与状态' })
  @ApiOkResponse({ type: DeviceResponse })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<DeviceView> {
    return this.devices.get(id, user);
  }
}
