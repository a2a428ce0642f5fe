import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientIp } from '../audit/audit.decorators';
import { Public } from '../auth/auth.decorators';
import { SetupDto, SetupResultView, SetupStatusView } from './setup.dto';
import { SetupService } from './setup.service';

/** Public while no user exists; afterwards POST answers 409. */
@ApiTags('setup')
@Public()
@Controller('setup')
export class SetupController {
  constructor(private readonly setup: SetupService) {}

  @Get()
  @ApiOperation({ summary: '是否需要首次设置（尚无任何用户）' })
  @ApiOkResponse({ type: SetupStatusView })
  status(): Promise<SetupStatusView> {
    return this.setup.status();
  }

  @Post()
  @ApiOperation({ summary: '首次设置：创建首个管理员和本县（区），仅在尚无用户时可用' })
  @ApiCreatedResponse({ type: SetupResultView })
  run(@Body() dto: SetupDto, @ClientIp() ip: string | null): Promise<SetupResultView> {
    return this.setup.run(dto, ip);
  }
}
