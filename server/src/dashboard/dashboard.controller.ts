import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/auth.decorators';
import { DashboardView } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @ApiOperation({ summary: '总览：各乡镇在线情况、今日播出、待审核、渲染中、应急广播、需关注的设备' })
  @ApiOkResponse({ type: DashboardView })
  get(@CurrentUser() user: AuthUser): Promise<DashboardView> {
    return this.dashboard.get(user);
  }
}
